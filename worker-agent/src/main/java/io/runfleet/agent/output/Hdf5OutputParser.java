package io.runfleet.agent.output;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import io.jhdf.exceptions.HdfInvalidPathException;
import io.runfleet.wire.OutputSpec;
import jakarta.inject.Singleton;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code hdf5}: datasets of an HDF5 file by path ({@code datasets: {energy: /results/energy}}), read with jHDF (pure
 * Java). A scalar dataset is a value; an array of at most {@link #MAX_ELEMENTS} elements is a list (nested lists for
 * more than one dimension); whole numbers are {@code Long}s, other numbers {@code Double}s, strings text. Only the
 * named datasets are read, so the file may be larger than the parsed-output limit.
 */
@Singleton
public class Hdf5OutputParser implements OutputParser {

    /** The most elements one dataset may hold to become an output: a list travels in the result and the results row. */
    public static final int MAX_ELEMENTS = 10_000;

    @Override
    public String type() {
        return OutputSpec.HDF5;
    }

    @Override
    public Map<String, Object> parse(OutputSpec spec, Path runDir, OutputLimits limits) throws OutputException {
        OutputSource source = OutputSource.of(spec);
        Path file = OutputFiles.resolve(runDir, spec.file());
        if (!Files.isRegularFile(file)) {
            throw source.fail("missing (the command did not write it)");
        }
        Map<String, String> datasets = TableOptions.paths(spec, "datasets");
        if (datasets.isEmpty()) {
            throw source.fail("names no dataset; give datasets: {NAME: /PATH}");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        try (HdfFile hdf = new HdfFile(file)) {
            for (Map.Entry<String, String> dataset : datasets.entrySet()) {
                Object value = read(source, hdf, dataset.getKey(), dataset.getValue());
                if (value != null) {
                    values.put(dataset.getKey(), value);
                }
            }
        } catch (HdfException e) {
            throw source.fail("not a readable HDF5 file: " + e.getMessage());
        }
        return values;
    }

    private static Object read(OutputSource source, HdfFile hdf, String output, String path) throws OutputException {
        Node node;
        try {
            node = hdf.getByPath(path);
        } catch (HdfInvalidPathException e) {
            throw source.fail(output, "no dataset at " + path + "; its datasets are "
                    + TableOptions.listed(datasetPaths(hdf)));
        }
        if (!(node instanceof Dataset dataset)) {
            throw source.fail(output, path + " is a group, not a dataset; its datasets are "
                    + TableOptions.listed(datasetPaths(hdf)));
        }
        if (dataset.isCompound()) {
            throw source.fail(output, path + " is a compound dataset; name one of its members' datasets, or "
                    + "write the values as plain datasets");
        }
        if (dataset.isEmpty()) {
            return null;
        }
        if (dataset.getSize() > MAX_ELEMENTS) {
            throw source.fail(output, path + " holds " + dataset.getSize() + " elements, more than the "
                    + MAX_ELEMENTS + " an output may; write a summary dataset, or keep the file as a file output");
        }
        Object data = dataset.getData();
        return dataset.isScalar() ? value(data) : list(data);
    }

    private static Object list(Object array) {
        if (array == null || !array.getClass().isArray()) {
            return value(array);
        }
        int length = Array.getLength(array);
        List<Object> items = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            items.add(list(Array.get(array, i)));
        }
        return items;
    }

    private static Object value(Object element) {
        if (element instanceof Float f) {
            // the float's own decimal digits, not those of its binary value widened
            return Double.parseDouble(Float.toString(f));
        }
        if (element instanceof Byte || element instanceof Short || element instanceof Integer) {
            return ((Number) element).longValue();
        }
        return element;
    }

    private static List<String> datasetPaths(HdfFile hdf) {
        List<String> paths = new ArrayList<>();
        collect(hdf, paths);
        return paths;
    }

    private static void collect(Group group, List<String> paths) {
        for (Node child : group.getChildren().values()) {
            if (child instanceof Group nested) {
                collect(nested, paths);
            } else if (child instanceof Dataset) {
                paths.add(child.getPath());
            }
        }
    }
}
