package io.runfleet.scheduler.api;

import io.runfleet.scheduler.launch.slurm.SlurmAllocations;
import io.runfleet.scheduler.launch.slurm.SlurmLaunchStatus;
import io.runfleet.scheduler.launch.slurm.SlurmPools;
import io.runfleet.scheduler.study.NamedPools;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Slurm pools (docs/deploy-slurm.md, "Named pools"): the named pools of the configuration with their status, and
 * pausing and resuming any pool, a named one or a study's own {@code study-<id>}. Outside {@code /studies}, so an
 * admin token is needed (RestAccessPolicy): a pool serves the studies of every user.
 */
@Path("/pools")
@Produces(MediaType.APPLICATION_JSON)
public class PoolResource {

    private final SlurmAllocations allocations;
    private final SlurmPools pools;

    public PoolResource(SlurmAllocations allocations, SlurmPools pools) {
        this.allocations = allocations;
        this.pools = pools;
    }

    /** The named pools, accepted and refused, in name order. */
    @GET
    public List<PoolView> list() {
        NamedPools named = pools.pools();
        return named.names().stream().map(name -> view(name, allocations::poolStatus)).toList();
    }

    @GET
    @Path("/{name}")
    public PoolView get(@PathParam("name") String name) {
        return view(name, allocations::poolStatus);
    }

    /** The pool submits no allocation until resumed; those it has serve on. */
    @POST
    @Path("/{name}/pause")
    public PoolView pause(@PathParam("name") String name) {
        return view(name, allocations::pause);
    }

    /** The pool submits again at once, its failures forgotten. */
    @POST
    @Path("/{name}/resume")
    public PoolView resume(@PathParam("name") String name) {
        return view(name, allocations::resumePool);
    }

    private PoolView view(String name, Function<String, Optional<SlurmLaunchStatus>> action) {
        String refused = pools.pools().refused().get(name);
        if (refused != null) {
            return new PoolView(name, refused, null);
        }
        return action.apply(name).map(status -> new PoolView(name, null, status))
                .orElseThrow(() -> new ApiException(404, "no pool '" + name + "': "
                        + (pools.pools().names().isEmpty() ? "this scheduler has no named pools" :
                        "the named pools are " + String.join(", ", pools.pools().names()))
                        + "; a study's own pool (study-<id>) is known while the study is ACTIVE with a slurm launch"));
    }
}
