package io.runfleet.scheduler.api.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Valid studies to mutate: the repository's examples and one study per feature of docs/study-format.md, so that
 * every section of the format (each space component, samplers, helpers, outputs, policy, stages, launch) gets mutated.
 */
final class SeedStudies {

    private static final YAMLMapper YAML = new YAMLMapper();

    private static final List<String> INLINE = List.of(
            """
            name: heat-grid
            parameters:
              grid: {conductivity: [0.5, 1, 2], length: [1, 2, 3, 4]}
              zip: {a: [1, 2], b: [x, y]}
              points: [{p: 1}, {p: 2}]
              constants: {steps: 100}
            template:
              files: {input.txt: "k = {{ conductivity | %.3f }}\\nsteps = {{ steps }}\\n"}
              command: [sh, simulate.sh, "{{ length }}", "{{ a }}{{ b }}{{ p }}"]
              environment: {OMP_NUM_THREADS: "1"}
              timeout: 60s
              keep: all
            outputs:
              - {json: result.json}
              - {regex: 'energy=(?<energy>\\S+)', file: stdout}
            policy: {maxParallel: 4, retries: 1, backoff: 1s, crashLimit: 3}
            """,
            """
            name: nested
            parameters:
              space:
                product:
                  - zip: {a: [1, 2], b: [xx, yy]}
                  - chain: [{grid: {c: [88, null, Z]}}, {points: [{c: 1}]}]
            template: {command: [echo, "{{ a }} {{ b }} {{ c }}"]}
            """,
            """
            name: helpers
            parameters:
              grid: {x: {linspace: [0, 1, 5]}, y: {logspace: [-3, 0, 4]}, n: {range: [0, 10, 2]}}
            template: {command: [echo, "{{ x }}", "{{ y | %g }}", "{{ n }}"], shell: true}
            """,
            """
            name: sampled
            parameters:
              sample:
                method: lhs
                budget: 16
                batch: 4
                seed: 42
                dimensions:
                  x: {float: [0, 1]}
                  y: {float: [0.001, 1000], log: true}
                  n: {int: [1, 8]}
                  k: {choice: [a, b, c]}
                  z: {normal: [0, 2]}
            template: {command: [echo, "{{ x }}{{ y }}{{ n }}{{ k }}{{ z }}"]}
            """,
            """
            name: sobol
            parameters:
              sample: {method: sobol, budget: 8, seed: 3, dimensions: {x: {float: [0, 8]}}}
              csv: "a,b\\n1,x\\n2,\\n\\"q,1\\",3\\n"
            template: {builtin: noop}
            """,
            """
            {"name": "sweep", "parameters": {"zip": {"a": [1, 2], "b": ["x", "y"]}},
             "template": {"builtin": "noop"}, "policy": {"maxParallel": 2}}
            """,
            """
            name: staged
            parameters: {grid: {x: [1, 2, 3]}}
            template: {command: [echo, "{{ x }}"]}
            outputs: [{json: out.json}]
            stages:
              - name: refine
                parameters: {grid: {z: [1, 2]}}
                uses: [y]
                template: {command: [echo, "{{ y }}", "{{ z }}"], timeout: 500ms}
                outputs: [{regex: 'w=(?<w>\\d+)', file: stderr}]
                policy: {retries: 1, backoff: 2s, crashLimit: 0}
              - name: report
                uses: [w]
                template: {builtin: noop}
            """,
            """
            name: launched
            parameters: {grid: {x: [1, 2]}}
            template: {command: [echo, "{{ x }}"]}
            launch: {containers: {image: localhost/sim:1, agents: 2, slots: 3, cpus: 1.5, memory: 512m, engine: podman}}
            """,
            """
            name: launched-locally
            template: {builtin: noop}
            launch: {local: {agents: 2, slots: 1}}
            """);

    private SeedStudies() {
    }

    /** Every seed as a tree, ready to be mutated and written as YAML or JSON. */
    static List<JsonNode> all() {
        List<JsonNode> seeds = new ArrayList<>();
        for (String example : List.of("heat", "stages", "outputs")) {
            seeds.add(tree(read(Path.of("..", "examples", example, "study.yaml"))));
        }
        INLINE.forEach(text -> seeds.add(tree(text)));
        return seeds;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException("the example studies are read from the repository: " + path, e);
        }
    }

    private static JsonNode tree(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
