package io.jfairing.kernel;

import com.google.gson.annotations.SerializedName;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.history.HistoryEntry;
import io.github.spencerpark.jupyter.messages.ContentType;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.reply.CommInfoReply;
import io.github.spencerpark.jupyter.messages.reply.ExecuteReply;
import io.github.spencerpark.jupyter.messages.reply.KernelInfoReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reply contents that basekernel lacks or sends without a field the v5 message spec requires
 * ({@code status} above all; jupyter_kernel_test validates it).
 */
final class KernelReplies {
    private KernelReplies() {}

    /** A reply of {@code type} with a {@code status}; subclasses add their fields. */
    private abstract static class Reply<T extends Reply<T>> implements ContentType<T> {
        private final transient MessageType<T> type;

        @SerializedName("status")
        private final String status;

        @SuppressWarnings({"unchecked", "rawtypes"})
        Reply(MessageType<?> type, String status) {
            this.type = (MessageType) type;
            this.status = status;
        }

        @Override
        public MessageType<T> getType() {
            return type;
        }
    }

    /** An ok {@code execute_reply} that can carry payloads (the pager). */
    static final class ExecuteOk extends ExecuteReply {
        @SerializedName("payload")
        private final List<Map<String, Object>> payload;

        ExecuteOk(int executionCount, List<Map<String, Object>> payload) {
            super(executionCount, Map.of());
            this.payload = List.copyOf(payload);
        }
    }

    /** The {@code execute_reply} of a queued cell skipped because an earlier one failed (stop_on_error). */
    static final class ExecuteAborted extends Reply<ExecuteAborted> {
        @SerializedName("execution_count")
        private final int executionCount;

        ExecuteAborted(int executionCount) {
            super(MessageType.EXECUTE_REPLY, "aborted");
            this.executionCount = executionCount;
        }
    }

    /** A {@code kernel_info_reply} with {@code status}. */
    static final class KernelInfo extends KernelInfoReply {
        @SerializedName("status")
        private final String status = "ok";

        @SerializedName("debugger")
        private final boolean debugger = false;

        KernelInfo(
                String protocolVersion,
                String implementation,
                String version,
                LanguageInfo language,
                String banner,
                List<LanguageInfo.Help> helpLinks) {
            super(protocolVersion, implementation, version, language, banner, helpLinks);
        }
    }

    /** A {@code comm_info_reply} with {@code status}. */
    static final class CommInfo extends CommInfoReply {
        @SerializedName("status")
        private final String status = "ok";

        CommInfo(Map<String, CommInfoReply.CommInfo> comms) {
            super(comms);
        }
    }

    /**
     * A {@code history_reply} whose entries are the {@code [session, line, input]} (or
     * {@code [session, line, [input, output]]}) tuples of the message spec; basekernel sends objects.
     */
    static final class History extends Reply<History> {
        @SerializedName("history")
        private final List<List<Object>> history;

        History(List<HistoryEntry> entries) {
            super(MessageType.HISTORY_REPLY, "ok");
            List<List<Object>> tuples = new ArrayList<>(entries.size());
            for (HistoryEntry entry : entries) {
                Object input = entry.hasOutput() ? List.of(entry.getInput(), entry.getOutput()) : entry.getInput();
                tuples.add(List.of(entry.getSession(), entry.getCellNumber(), input));
            }
            this.history = tuples;
        }
    }

    /** A {@code shutdown_reply} with {@code status}. */
    static final class Shutdown extends Reply<Shutdown> {
        @SerializedName("restart")
        private final boolean restart;

        Shutdown(boolean restart) {
            super(MessageType.SHUTDOWN_REPLY, "ok");
            this.restart = restart;
        }
    }

    /** An {@code interrupt_reply} with {@code status}. */
    static final class Interrupt extends Reply<Interrupt> {
        Interrupt() {
            super(MessageType.INTERRUPT_REPLY, "ok");
        }
    }
}
