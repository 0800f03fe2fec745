package io.jfairing.metadata.store.sqlite;

import io.jfairing.metadata.InvalidRequestException;
import io.jfairing.metadata.Lineage;
import io.jfairing.metadata.LineageDirection;
import io.jfairing.metadata.mlmd.Artifact;
import io.jfairing.metadata.mlmd.Event;
import io.jfairing.metadata.mlmd.Execution;
import io.jfairing.metadata.mlmd.MlmdQuery;
import io.jfairing.metadata.store.sqlite.SqliteMlmd.Node;
import io.jfairing.metadata.store.sqlite.SqliteMlmd.NodeKind;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Breadth-first walk of the artifact/execution graph, one query per hop. */
final class SqliteLineage {
    private static final int MAX_NODES = 10_000;
    private static final List<Event.Type> INPUTS =
            List.of(Event.Type.INPUT, Event.Type.DECLARED_INPUT, Event.Type.INTERNAL_INPUT);
    private static final List<Event.Type> OUTPUTS = List.of(
            Event.Type.OUTPUT, Event.Type.DECLARED_OUTPUT, Event.Type.INTERNAL_OUTPUT, Event.Type.PENDING_OUTPUT);

    private SqliteLineage() {}

    static Lineage walk(Conn c, SqliteMlmd mlmd, long artifactId, LineageDirection direction, int maxHops)
            throws SQLException {
        SqliteMlmd.requireExists(c, NodeKind.ARTIFACT, artifactId);
        Set<Long> artifacts = new LinkedHashSet<>();
        Set<Long> executions = new LinkedHashSet<>();
        Map<String, Event> edges = new LinkedHashMap<>();
        artifacts.add(artifactId);
        if (direction != LineageDirection.DOWNSTREAM) {
            walk(c, mlmd, artifactId, true, maxHops, artifacts, executions, edges);
        }
        if (direction != LineageDirection.UPSTREAM) {
            walk(c, mlmd, artifactId, false, maxHops, artifacts, executions, edges);
        }
        List<Artifact> a = load(c, mlmd, NodeKind.ARTIFACT, artifacts).stream()
                .map(Node::toArtifact)
                .toList();
        List<Execution> e = load(c, mlmd, NodeKind.EXECUTION, executions).stream()
                .map(Node::toExecution)
                .toList();
        return new Lineage(artifactId, direction, maxHops, a, e, new ArrayList<>(edges.values()));
    }

    /**
     * Upstream: artifact -(output event)- execution -(input event)- artifact ...; downstream the other way round.
     */
    private static void walk(
            Conn c,
            SqliteMlmd mlmd,
            long root,
            boolean upstream,
            int maxHops,
            Set<Long> artifacts,
            Set<Long> executions,
            Map<String, Event> edges)
            throws SQLException {
        Set<Long> frontier = Set.of(root);
        boolean atArtifacts = true;
        Set<Long> seenArtifacts = new LinkedHashSet<>(Set.of(root));
        Set<Long> seenExecutions = new LinkedHashSet<>();
        for (int hop = 0; hop < maxHops && !frontier.isEmpty(); hop++) {
            // from artifacts, upstream follows the events that produced them; from executions, the events they read
            List<Event.Type> types = atArtifacts == upstream ? OUTPUTS : INPUTS;
            List<Event> events = atArtifacts
                    ? mlmd.findEvents(c, frontier, List.of(), types)
                    : mlmd.findEvents(c, List.of(), frontier, types);
            Set<Long> next = new LinkedHashSet<>();
            for (Event e : events) {
                edges.putIfAbsent(
                        e.artifactId() + "/" + e.executionId() + "/" + e.type() + "/" + e.time() + "/" + e.path(), e);
                if (atArtifacts) {
                    if (seenExecutions.add(e.executionId())) {
                        next.add(e.executionId());
                    }
                } else if (seenArtifacts.add(e.artifactId())) {
                    next.add(e.artifactId());
                }
            }
            if (seenArtifacts.size() + seenExecutions.size() + artifacts.size() + executions.size() > 2 * MAX_NODES) {
                throw new InvalidRequestException(
                        "the lineage reaches more than " + MAX_NODES + " nodes: lower maxHops");
            }
            frontier = next;
            atArtifacts = !atArtifacts;
        }
        artifacts.addAll(seenArtifacts);
        executions.addAll(seenExecutions);
    }

    private static List<Node> load(Conn c, SqliteMlmd mlmd, NodeKind kind, Set<Long> ids) throws SQLException {
        List<Node> out = new ArrayList<>();
        List<Long> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += 500) {
            List<Long> chunk = all.subList(from, Math.min(all.size(), from + 500));
            out.addAll(mlmd.findNodes(c, kind, MlmdQuery.builder().ids(chunk).build()));
        }
        out.sort(Comparator.comparing(Node::id));
        return out;
    }
}
