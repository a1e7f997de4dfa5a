package io.runfleet.scheduler.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /allocations[?study=ID]}: the Slurm allocations of every study with a slurm launch section the scheduler
 * manages now, or of one study; read only, behind the same token as everything outside {@code /health}
 * ({@code runfleet alloc list} and {@code alloc explain} show it).
 */
@Path("/allocations")
@Produces(MediaType.APPLICATION_JSON)
public class AllocationResource {

    private final AllocationListing listing;

    public AllocationResource(AllocationListing listing) {
        this.listing = listing;
    }

    @GET
    public List<StudyAllocationsView> allocations(@QueryParam("study") String study) {
        return listing.list(Optional.ofNullable(study).map(String::trim).filter(id -> !id.isEmpty()));
    }
}
