package io.runfleet.scheduler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.runfleet.wire.testing.ServiceBoundaries;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's layers point one way, api -> dispatch -> persistence -> study -> sampling, so that the lower ones
 * (a study's validation and expansion, the samplers) are tested and reused without the ones above; config is read
 * by every layer and reads none. The launchers ({@code launch}: agents started for studies) sit beside dispatch: they read
 * the stored studies and are steered from the api only, and the dispatch path never waits on them.
 */
class SchedulerArchitectureTest {

    private static final JavaClasses SCHEDULER = ServiceBoundaries.mainClassesOf("io.runfleet.scheduler");

    @Test
    void layersPointDown() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("api").definedBy("io.runfleet.scheduler.api..")
                .layer("dispatch").definedBy("io.runfleet.scheduler.dispatch..")
                .layer("launch").definedBy("io.runfleet.scheduler.launch..")
                .layer("persistence").definedBy("io.runfleet.scheduler.persistence..")
                .layer("study").definedBy("io.runfleet.scheduler.study..")
                .layer("sampling").definedBy("io.runfleet.scheduler.sampling..")
                .layer("config").definedBy("io.runfleet.scheduler.config..")
                .whereLayer("api").mayNotBeAccessedByAnyLayer()
                .whereLayer("dispatch").mayOnlyBeAccessedByLayers("api")
                .whereLayer("launch").mayOnlyBeAccessedByLayers("api")
                .whereLayer("persistence").mayOnlyBeAccessedByLayers("api", "dispatch", "launch")
                .whereLayer("study").mayOnlyBeAccessedByLayers("api", "dispatch", "launch", "persistence")
                .whereLayer("sampling").mayOnlyBeAccessedByLayers("api", "dispatch", "launch", "persistence", "study")
                .check(SCHEDULER);
    }

    @Test
    void configReadsNoLayer() {
        noClasses().that().resideInAPackage("io.runfleet.scheduler.config..")
                .should().dependOnClassesThat().resideInAnyPackage("io.runfleet.scheduler.api..",
                        "io.runfleet.scheduler.dispatch..", "io.runfleet.scheduler.launch..", "io.runfleet.scheduler.persistence..",
                        "io.runfleet.scheduler.study..", "io.runfleet.scheduler.sampling..")
                .because("every layer reads the configuration, so it can depend on none of them")
                .check(SCHEDULER);
    }

    @Test
    void usesNoOtherService() {
        ServiceBoundaries.onlyOwnServicePackages("io.runfleet.scheduler").check(SCHEDULER);
    }
}
