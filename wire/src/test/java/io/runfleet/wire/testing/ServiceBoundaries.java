package io.runfleet.wire.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * What every module's architecture test states about itself: its classes use no class of a service (or of the CLI)
 * but its own. Services talk over the wire (the records of this module) and REST only, so that each is built,
 * deployed and restarted on its own; a type they share belongs in the wire module.
 */
public final class ServiceBoundaries {

    /** The root package of each service and of the CLI. */
    public static final List<String> SERVICES = List.of("io.runfleet.scheduler", "io.runfleet.results",
            "io.runfleet.agent", "io.runfleet.cli");

    private ServiceBoundaries() {
    }

    /** The main classes (not the tests) of {@code rootPackage} and below. */
    public static JavaClasses mainClassesOf(String rootPackage) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage);
    }

    /** The classes checked use no class of the {@link #SERVICES} but those of {@code ownPackage}. */
    public static ArchRule onlyOwnServicePackages(String ownPackage) {
        String[] others = SERVICES.stream().filter(service -> !service.equals(ownPackage)).map(service -> service + "..")
                .toArray(String[]::new);
        return noClasses().should().dependOnClassesThat().resideInAnyPackage(others)
                .because("services talk over the wire module's records and REST only; move a shared type to wire");
    }
}
