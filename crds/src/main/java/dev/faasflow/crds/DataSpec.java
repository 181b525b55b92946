package dev.faasflow.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.faasflow.workflow.DataRef;
import dev.faasflow.workflow.DataType;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/**
 * One input or output of a function, or a global input/output: its type, where it comes from, its size. The
 * model's {@link dev.faasflow.workflow.DataSpec} also carries the name, which the resource has as the map key.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataSpec {
    @Required
    @JsonPropertyDescription("normal, pass, key (a foreach element) or keys (a list a foreach iterates)")
    private DataType type;
    @JsonPropertyDescription("where the value comes from: {function, parameter}")
    private DataRef value;
    @Min(0)
    @JsonPropertyDescription("declared size in bytes (feeds grouping and replayed functions)")
    private Long size;

    public DataSpec() {
    }

    public DataSpec(DataType type, DataRef value, Long size) {
        this.type = type;
        this.value = value;
        this.size = size;
    }

    public DataType getType() {
        return type;
    }

    public void setType(DataType type) {
        this.type = type;
    }

    public DataRef getValue() {
        return value;
    }

    public void setValue(DataRef value) {
        this.value = value;
    }

    public Long getSize() {
        return size;
    }

    public void setSize(Long size) {
        this.size = size;
    }
}
