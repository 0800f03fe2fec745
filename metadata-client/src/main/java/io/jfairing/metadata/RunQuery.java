package io.jfairing.metadata;

import java.util.ArrayList;
import java.util.List;

/**
 * A search over runs.
 *
 * <p>Filter syntax (MLflow's, plus OR and parentheses): comparisons joined by {@code and} / {@code or}, e.g.
 * {@code metrics.accuracy > 0.9 and params.lr = '0.01'}. Left side: {@code metrics.KEY}, {@code params.KEY},
 * {@code tags.KEY} (quote odd keys with backticks or double quotes: {@code metrics.`val loss`}), or an attribute:
 * {@code attributes.status}, {@code attributes.run_name}, {@code attributes.run_id}, {@code attributes.start_time},
 * {@code attributes.end_time} (the {@code attributes.} prefix may be left out). Operators: {@code = != < <= > >=},
 * {@code LIKE}, {@code ILIKE}, {@code IN (..)}, {@code NOT IN (..)}. Metrics compare with numbers; params, tags,
 * status and names with quoted strings.
 *
 * <p>Order: {@code metrics.accuracy DESC}, {@code params.lr}, {@code attributes.start_time ASC}, ... Runs without
 * the metric or param sort last. Default order: start time, newest first.
 *
 * @param experimentIds runs of any of these experiments (with experimentNames: of any of both); none: all
 * @param pageSize default {@value Limits#DEFAULT_PAGE_SIZE}, at most {@value Limits#MAX_PAGE_SIZE}
 * @param pageToken from the previous page
 */
public record RunQuery(
        List<Long> experimentIds,
        List<String> experimentNames,
        String filter,
        List<String> orderBy,
        Integer pageSize,
        String pageToken) {

    public RunQuery {
        experimentIds = experimentIds == null ? List.of() : List.copyOf(experimentIds);
        experimentNames = experimentNames == null ? List.of() : List.copyOf(experimentNames);
        orderBy = orderBy == null ? List.of() : List.copyOf(orderBy);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The same query asking for the page {@code token} names. */
    public RunQuery withPageToken(String token) {
        return new RunQuery(experimentIds, experimentNames, filter, orderBy, pageSize, token);
    }

    public static final class Builder {
        private final List<Long> experimentIds = new ArrayList<>();
        private final List<String> experimentNames = new ArrayList<>();
        private String filter;
        private final List<String> orderBy = new ArrayList<>();
        private Integer pageSize;
        private String pageToken;

        public Builder experiment(String name) {
            experimentNames.add(name);
            return this;
        }

        public Builder experimentId(long id) {
            experimentIds.add(id);
            return this;
        }

        public Builder filter(String filter) {
            this.filter = filter;
            return this;
        }

        /** One ordering clause, e.g. {@code metrics.accuracy DESC}; call again for tie-breakers. */
        public Builder orderBy(String clause) {
            orderBy.add(clause);
            return this;
        }

        public Builder pageSize(int pageSize) {
            this.pageSize = pageSize;
            return this;
        }

        public Builder pageToken(String pageToken) {
            this.pageToken = pageToken;
            return this;
        }

        public RunQuery build() {
            return new RunQuery(experimentIds, experimentNames, filter, orderBy, pageSize, pageToken);
        }
    }
}
