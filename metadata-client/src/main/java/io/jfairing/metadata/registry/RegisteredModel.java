package io.jfairing.metadata.registry;

import java.util.Map;
import java.util.TreeMap;

/**
 * A named model in the registry: its versions are numbered from 1, aliases ({@code champion}) point to one version
 * each.
 *
 * @param aliases each alias and the version it points to
 * @param latestVersion the highest version number registered (deleted versions keep their number); null when none
 * @param createTime milliseconds since the epoch
 * @param updateTime milliseconds since the epoch
 */
public record RegisteredModel(
        String name,
        String description,
        Map<String, String> tags,
        Map<String, Integer> aliases,
        Integer latestVersion,
        long createTime,
        long updateTime) {

    public RegisteredModel {
        tags = tags == null ? Map.of() : Map.copyOf(new TreeMap<>(tags));
        aliases = aliases == null ? Map.of() : Map.copyOf(new TreeMap<>(aliases));
    }
}
