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
 * One run of a workflow. Convenient for occasional runs; high rates go through the operator's HTTP gateway,
 * which creates no resource. Per-function progress never goes through the API server: the status is written
 * when the invocation starts and once more when it has ended.
 */
@Group(Resources.GROUP)
@Version(Resources.VERSION)
@Kind("Invocation")
@Plural("invocations")
@Singular("invocation")
@ShortNames("inv")
// Status first, as Argo shows it; the generator sorts columns by path, PrinterColumnOrder restores this order.
@AdditionalPrinterColumn(name = "Workflow", jsonPath = ".spec.workflowRef.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Duration", jsonPath = ".status.duration", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Started", jsonPath = ".status.startTime", type = AdditionalPrinterColumn.Type.DATE, priority = 1)
@AdditionalPrinterColumn(name = "Failed-Function", jsonPath = ".status.failedFunction", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.message", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
public class InvocationResource extends CustomResource<InvocationSpec, InvocationStatus> implements Namespaced {
    public static final String KIND = "Invocation";
}
