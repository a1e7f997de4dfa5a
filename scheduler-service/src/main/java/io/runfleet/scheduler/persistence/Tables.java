package io.runfleet.scheduler.persistence;

/** Qualified table names for plain JDBC; the schema is fixed by quarkus.flyway.schemas. */
final class Tables {

    static final String STUDY = "scheduler.study";
    static final String RUN = "scheduler.run";
    static final String SAMPLER = "scheduler.sampler";

    private Tables() {
    }
}
