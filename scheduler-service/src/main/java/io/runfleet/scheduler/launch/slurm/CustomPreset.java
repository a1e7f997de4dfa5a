package io.runfleet.scheduler.launch.slurm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A preset of {@code runfleet.launch.queue-systems.<name>.*}: its base preset with what it overrides. */
final class CustomPreset {

    private CustomPreset() {
    }

    /**
     * @param known the presets defined so far, the built-in ones first
     * @throws IllegalStateException at startup, naming the key, when the base or a state mapping is wrong
     */
    static QueuePreset of(String name, QueueSystemsConfig.Preset custom, Map<String, QueuePreset> known) {
        String key = "runfleet.launch.queue-systems." + name;
        QueuePreset base = known.get(custom.basedOn());
        if (base == null) {
            throw new IllegalStateException(key + ".based-on=" + custom.basedOn() + " is not a preset; give one of "
                    + known.keySet());
        }
        return new QueuePreset(name, custom.directivePrefix().orElse(base.directivePrefix()),
                custom.directives().orElse(base.directives()), custom.submit().orElse(base.submit()),
                custom.status().orElse(base.status()), custom.statusFormat().orElse(base.statusFormat()),
                custom.cancel().orElse(base.cancel()), custom.signal().orElse(base.signal()),
                custom.states().map(lines -> states(key, lines)).orElse(base.states()),
                custom.walltimeFormat().orElse(base.walltimeFormat()), custom.agents().orElse(base.agents()),
                custom.adoptBy().orElse(base.adoptBy()), custom.outputFile().orElse(base.outputFile()),
                custom.allocationVariable().orElse(base.allocationVariable()), custom.probe().orElse(base.probe()));
    }

    private static Map<String, String> states(String key, List<String> lines) {
        Map<String, String> states = new LinkedHashMap<>();
        for (String line : lines) {
            String[] pair = line.split("=", 2);
            String state = pair.length == 2 ? pair[1].trim().toLowerCase(java.util.Locale.ROOT) : "";
            if (!state.equals("ended") && !QueuePreset.RUNFLEET_STATES.containsKey(state)) {
                throw new IllegalStateException(key + ".states: '" + line + "' is not NATIVE=STATE; give e.g. R=running"
                        + " with STATE one of ended, " + String.join(", ", QueuePreset.RUNFLEET_STATES.keySet()));
            }
            states.put(pair[0].trim(), state);
        }
        return states;
    }
}
