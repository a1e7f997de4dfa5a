package io.runfleet.scheduler.launch.slurm;

/** Slurm's array task lists ({@code 0-9}, {@code 2-9%2}, {@code 1,3,5-7}): how many tasks one names. */
final class ArrayTasks {

    private ArrayTasks() {
    }

    /** The tasks a list names; 0 for an empty list. The throttle after {@code %} is no task. */
    static int count(String list) {
        String tasks = list == null ? "" : list.split("%", 2)[0].strip();
        if (tasks.isEmpty()) {
            return 0;
        }
        int count = 0;
        for (String part : tasks.split(",")) {
            // a step (0-15:4) counts every fourth index
            String[] rangeAndStep = part.split(":", 2);
            String[] bounds = rangeAndStep[0].split("-", 2);
            int first = Integer.parseInt(bounds[0].strip());
            int last = bounds.length == 2 ? Integer.parseInt(bounds[1].strip()) : first;
            int step = rangeAndStep.length == 2 ? Integer.parseInt(rangeAndStep[1].strip()) : 1;
            count += (last - first) / step + 1;
        }
        return count;
    }

    /** The {@code --array} option's value: tasks 0 to {@code tasks - 1}, {@code throttle} of them at once. */
    static String range(int tasks, int throttle) {
        return "0-" + (tasks - 1) + "%" + throttle;
    }
}
