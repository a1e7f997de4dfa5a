#!/bin/sh
# Explicit finite differences for the 1D heat equation u_t = k u_xx on a rod of the given length,
# ends held at t_left and t_right. Reads input.txt, writes result.json, prints energy=<heat content>.
# Needs nothing but a POSIX sh and awk.
set -eu

[ -r input.txt ] || { echo "simulate.sh: input.txt is missing; run me in a rendered run directory" >&2; exit 2; }

awk -F '=' '
    /^[ \t\r]*#/ || NF < 2 { next }
    {
        key = $1; value = $2
        gsub(/[ \t\r]/, "", key); gsub(/[ \t\r]/, "", value)
        input[key] = value
    }
    END {
        split("conductivity length cells steps dt t_left t_right t_initial", required, " ")
        for (i = 1; i <= 8; i++) {
            if (!(required[i] in input) || input[required[i]] == "") {
                printf "simulate.sh: input.txt has no value for %s\n", required[i] > "/dev/stderr"
                exit 2
            }
        }
        k = input["conductivity"] + 0; len = input["length"] + 0; n = int(input["cells"])
        steps = int(input["steps"]); dt = input["dt"] + 0
        if (k <= 0 || len <= 0 || n < 3 || steps < 1 || dt <= 0) {
            print "simulate.sh: conductivity, length and dt must be > 0, cells >= 3, steps >= 1" > "/dev/stderr"
            exit 2
        }
        dx = len / n
        r = k * dt / (dx * dx)
        # Beyond r = 1/2 the explicit scheme amplifies errors without bound: refuse rather than print noise.
        if (r > 0.5) {
            printf "simulate.sh: unstable, k*dt/dx^2 = %.3f > 0.5; lower dt or use fewer cells\n", r > "/dev/stderr"
            exit 3
        }
        # Nodes 0..n; the two ends are boundary values, the interior starts at t_initial.
        for (i = 0; i <= n; i++) u[i] = input["t_initial"] + 0
        u[0] = input["t_left"] + 0; u[n] = input["t_right"] + 0
        for (s = 1; s <= steps; s++) {
            for (i = 1; i < n; i++) next_u[i] = u[i] + r * (u[i - 1] - 2 * u[i] + u[i + 1])
            for (i = 1; i < n; i++) u[i] = next_u[i]
            if (s % 500 == 0) printf "step %d of %d, t_center=%.4f\n", s, steps, u[int(n / 2)]
        }
        # Trapezoidal rule along the rod: heat content per unit cross-section and heat capacity.
        energy = 0.5 * (u[0] + u[n]) * dx
        for (i = 1; i < n; i++) energy += u[i] * dx
        mid = n / 2
        t_center = (n % 2 == 0) ? u[mid] : 0.5 * (u[int(mid)] + u[int(mid) + 1])
        printf "{\"t_center\": %.6f, \"t_mean\": %.6f, \"steps\": %d}\n", t_center, energy / len, steps > "result.json"
        printf "energy=%.6f\n", energy
    }
' input.txt
