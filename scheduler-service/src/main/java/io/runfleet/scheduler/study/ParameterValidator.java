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

    /**
     * @param maxRuns the study's run limit; also bounds value helpers and sample budgets
     */
    ParameterValidator(Problems problems, long maxRuns) {
        this.problems = problems;
        ValueListReader values = new ValueListReader(problems, maxRuns);
        this.terms = new SpaceTerms(problems, values);
        this.samples = new SampleValidator(problems, values, maxRuns);
        this.spaces = new SpaceValidator(problems, terms, samples);
    }

    /** Every parameter and constant name seen, valid or not. */
    Set<String> names() {
        return owners.keySet();
    }

    ParameterSpace validate(ParametersDocument parameters) {
        if (parameters == null) {
            return new ParameterSpace(ProductSpace.of(List.of()), Map.of());
        }
        List<Space> components = new ArrayList<>();
        if (parameters.grid() != null) {
            add(components, "parameters.grid", terms.grid("parameters.grid", parameters.grid()));
        }
        if (parameters.zip() != null) {
            add(components, "parameters.zip", terms.zip("parameters.zip", parameters.zip()));
        }
        if (parameters.points() != null) {
            add(components, "parameters.points", terms.points("parameters.points", parameters.points()));
        }
        if (parameters.csvFile() != null) {
            problems.add("parameters.csvFile", "the scheduler does not read files; submit the study with the runfleet "
                    + "CLI (runfleet submit study.yaml), which inlines the file as parameters.csv, or put the CSV "
                    + "text in parameters.csv yourself");
        }
        if (parameters.csv() != null) {
            add(components, "parameters.csv", terms.csv("parameters.csv", parameters.csv()));
        }
        if (parameters.space() != null) {
            add(components, "parameters.space", spaces.node("parameters.space", parameters.space()));
        }
        if (parameters.sample() != null) {
            add(components, "parameters.sample", samples.validate("parameters.sample", parameters.sample()));
        }
        Map<String, Object> constants = new LinkedHashMap<>();
        if (parameters.constants() != null) {
            parameters.constants().forEach((name, value) -> {
                String field = "parameters.constants." + name;
                ParameterValues.checkName(problems, field, name);
                claim(name, "parameters.constants", field);
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
