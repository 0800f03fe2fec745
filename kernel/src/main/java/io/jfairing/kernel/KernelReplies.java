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

/** Reply contents that basekernel's classes lack a field for. */
final class KernelReplies {
    private KernelReplies() {
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
    static final class ExecuteAborted implements ContentType<ExecuteAborted> {
        @SuppressWarnings({"unchecked", "rawtypes"})
        private static final MessageType<ExecuteAborted> TYPE = (MessageType) MessageType.EXECUTE_REPLY;

        @SerializedName("status")
        private final String status = "aborted";

        @SerializedName("execution_count")
        private final int executionCount;

        ExecuteAborted(int executionCount) {
            this.executionCount = executionCount;
        }

        @Override
        public MessageType<ExecuteAborted> getType() {
            return TYPE;
        }
    }

    /** A {@code kernel_info_reply} with the {@code status} field the v5 message spec requires. */
    static final class KernelInfo extends KernelInfoReply {
        @SerializedName("status")
        private final String status = "ok";

        @SerializedName("debugger")
        private final boolean debugger = false;

        KernelInfo(String protocolVersion, String implementation, String version, LanguageInfo language,
                   String banner, List<LanguageInfo.Help> helpLinks) {
            super(protocolVersion, implementation, version, language, banner, helpLinks);
        }
    }

    /**
     * A {@code history_reply} whose entries are the {@code [session, line, input]} (or
     * {@code [session, line, [input, output]]}) tuples of the message spec; basekernel sends objects.
     */
    static final class History implements ContentType<History> {
        @SuppressWarnings({"unchecked", "rawtypes"})
        private static final MessageType<History> TYPE = (MessageType) MessageType.HISTORY_REPLY;

        @SerializedName("status")
        private final String status = "ok";

        @SerializedName("history")
        private final List<List<Object>> history;

        History(List<HistoryEntry> entries) {
            List<List<Object>> tuples = new ArrayList<>(entries.size());
            for (HistoryEntry entry : entries) {
                Object input = entry.hasOutput() ? List.of(entry.getInput(), entry.getOutput()) : entry.getInput();
                tuples.add(List.of(entry.getSession(), entry.getCellNumber(), input));
            }
            this.history = tuples;
        }

        @Override
        public MessageType<History> getType() {
            return TYPE;
        }
    }

    /** A {@code comm_info_reply} with {@code status}. */
    static final class CommInfo extends CommInfoReply {
        @SerializedName("status")
        private final String status = "ok";

        CommInfo(java.util.Map<String, CommInfoReply.CommInfo> comms) {
            super(comms);
        }
    }

    /** A {@code shutdown_reply} with {@code status}. */
    static final class Shutdown implements ContentType<Shutdown> {
        @SuppressWarnings({"unchecked", "rawtypes"})
        private static final MessageType<Shutdown> TYPE = (MessageType) MessageType.SHUTDOWN_REPLY;

        @SerializedName("status")
        private final String status = "ok";

        @SerializedName("restart")
        private final boolean restart;

        Shutdown(boolean restart) {
            this.restart = restart;
        }

        @Override
        public MessageType<Shutdown> getType() {
            return TYPE;
        }
    }

    /** An {@code interrupt_reply} with {@code status}. */
    static final class Interrupt implements ContentType<Interrupt> {
        @SuppressWarnings({"unchecked", "rawtypes"})
        private static final MessageType<Interrupt> TYPE = (MessageType) MessageType.INTERRUPT_REPLY;

        @SerializedName("status")
        private final String status = "ok";

        @Override
        public MessageType<Interrupt> getType() {
            return TYPE;
        }
    }
}
