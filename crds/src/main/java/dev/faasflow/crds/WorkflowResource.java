package dev.faasflow.crds;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A workflow: its definition (the flat_workflow structure in camelCase), how it runs (control and data
 * mode) and, in its status, whether it is valid and where each function group runs.
 */
@Group(Resources.GROUP)
@Version(Resources.VERSION)
@Kind("Workflow")
@Plural("workflows")
@Singular("workflow")
@ShortNames("wf")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Functions", jsonPath = ".status.functionCount", type = AdditionalPrinterColumn.Type.INTEGER, priority = 1)
@AdditionalPrinterColumn(name = "Groups", jsonPath = ".status.groupCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Nodes", jsonPath = ".status.nodeCount", type = AdditionalPrinterColumn.Type.INTEGER)
// The modes in effect (the spec's, or the operator's defaults), as the operator reports them.
@AdditionalPrinterColumn(name = "Mode", jsonPath = ".status.controlMode", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Data", jsonPath = ".status.dataMode", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class WorkflowResource extends CustomResource<WorkflowSpec, WorkflowStatus> implements Namespaced {
    public static final String KIND = "Workflow";

    @Override
    protected WorkflowStatus initStatus() {
        return new WorkflowStatus();
    }
}
