package io.runfleet.wire.security;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** What a token may do over REST. Roles do not imply one another, except that {@link #ADMIN} holds them all. */
public enum RestRole {

    /** GET: studies, runs, rendered runs, results, attempts and event streams. */
    READ("read"),
    /** POST: submit a study and steer it (start, cancel, extend, repeat, resume). */
    SUBMIT("submit"),
    /** Every route, including those outside {@code /studies} that future administration adds. */
    ADMIN("admin");

    private final String roleName;

    RestRole(String roleName) {
        this.roleName = roleName;
    }

    /** The role's name in tokens files and in Quarkus' security identity. */
    public String roleName() {
        return roleName;
    }

    /** The role named {@code name}, in any case; refused with the names that exist. */
    public static RestRole named(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (RestRole role : values()) {
            if (role.roleName.equals(wanted)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + name + "'; known roles: read, submit, admin");
    }

    /** The role names an identity holding {@code roles} gets: admin brings every other role. */
    public static Set<String> granted(Set<RestRole> roles) {
        Set<String> names = new LinkedHashSet<>();
        for (RestRole role : roles) {
            if (role == ADMIN) {
                for (RestRole any : values()) {
                    names.add(any.roleName);
                }
            } else {
                names.add(role.roleName);
            }
        }
        return names;
    }
}
