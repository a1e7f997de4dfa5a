package io.runfleet.scheduler.api;

import io.runfleet.scheduler.persistence.AgentActivity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code GET /agents}: each agent that took a run, with the runs it holds now and when it was last heard of; read
 * only, behind the same token as everything outside {@code /health} ({@code runfleet ps} shows it).
 */
@Path("/agents")
@Produces(MediaType.APPLICATION_JSON)
public class AgentResource {

    @GET
    public List<AgentActivity.Agent> agents() {
        return AgentActivity.all();
    }
}
