package io.sipcluster.core;

import java.util.List;

/** One node's up links as the local node knows them (an entry of {@code clusterer_list_topology}). */
public record Adjacency(int nodeId, List<Integer> neighbours) {
    public Adjacency {
        neighbours = List.copyOf(neighbours);
    }
}
