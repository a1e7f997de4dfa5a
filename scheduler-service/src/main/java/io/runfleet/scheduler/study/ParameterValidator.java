package io.runfleet.scheduler.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the parameter space of a study and builds its {@link ParameterSpace}: the product of the components present,
 * in the order grid, zip, points, csv, space, sample, with the constants merged into every point.
 */
final class ParameterValidator {

    private final Problems problems;
    private final SpaceTerms terms;
    private final SampleValidator samples;
    private final SpaceValidator spaces;
    /** Parameter name -> the component that defines it, to find a name defined twice. */
    private final Map<String, String> owners = new LinkedHashMap<>();
    /** Where the section sits in the document: {@code parameters}, or {@code stages[0].parameters}. */
    private final String section;

    /**
     * @param maxRuns the study's run limit; also bounds value helpers and sample budgets
     */
    ParameterValidator(Problems problems, long maxRuns) {
        this(problems, maxRuns, "parameters");
    }

    ParameterValidator(Problems problems, long maxRuns, String section) {
        this.problems = problems;
        this.section = section;
        ValueListReader values = new ValueListReader(problems, maxRuns);
        this.terms = new SpaceTerms(problems, values);
        this.samples = new SampleValidator(problems, values, maxRuns);
        this.spaces = new SpaceValidator(problems, terms, samples);
    }

    /** Every parameter and constant name seen, valid or not. */
    Set<String> names() {
        return owners.keySet();
    }

    /** Each name seen with the component that defines it ({@code parameters.grid}). */
    Map<String, String> components() {
        return owners;
    }

    ParameterSpace validate(ParametersDocument parameters) {
        if (parameters == null) {
            return new ParameterSpace(ProductSpace.of(List.of()), Map.of());
        }
        List<Space> components = new ArrayList<>();
        String prefix = section;
        if (parameters.grid() != null) {
            add(components, prefix + ".grid", terms.grid(prefix + ".grid", parameters.grid()));
        }
        if (parameters.zip() != null) {
            add(components, prefix + ".zip", terms.zip(prefix + ".zip", parameters.zip()));
        }
        if (parameters.points() != null) {
            add(components, prefix + ".points", terms.points(prefix + ".points", parameters.points()));
        }
        if (parameters.csvFile() != null) {
            problems.add(prefix + ".csvFile", "the scheduler does not read files; submit the study with the runfleet "
                    + "CLI (runfleet submit study.yaml), which inlines the file as parameters.csv, or put the CSV "
                    + "text in parameters.csv yourself");
        }
        if (parameters.csv() != null) {
            add(components, prefix + ".csv", terms.csv(prefix + ".csv", parameters.csv()));
        }
        if (parameters.space() != null) {
            add(components, prefix + ".space", spaces.node(prefix + ".space", parameters.space()));
        }
        if (parameters.sample() != null) {
            add(components, prefix + ".sample", samples.validate(prefix + ".sample", parameters.sample()));
        }
        Map<String, Object> constants = new LinkedHashMap<>();
        if (parameters.constants() != null) {
            parameters.constants().forEach((name, value) -> {
                String field = prefix + ".constants." + name;
                ParameterValues.checkName(problems, field, name);
                claim(name, prefix + ".constants", field);
                ParameterValues.checkValue(problems, field, value);
                constants.put(name, value);
            });
        }
        return new ParameterSpace(ProductSpace.of(components), constants);
    }

    private void add(List<Space> components, String component, Term term) {
        term.definedAt().forEach((name, field) -> claim(name, component, field));
        components.add(term.space());
    }

    private void claim(String name, String component, String field) {
        String owner = owners.putIfAbsent(name, component);
        if (owner != null) {
            problems.add(field, "parameter '" + name + "' is also defined in " + owner
                    + "; define each parameter in one component only");
        }
    }
}
