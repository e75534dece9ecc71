package dev.mcphub.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayBufferTest {
    @Test
    void returnsTheFramesAfterTheLastSeenIdOldestFirst() {
        ReplayBuffer buffer = filled(5, 1, 2, 3, 4);

        assertThat(texts(buffer.after(2))).containsExactly("3", "4");
        assertThat(texts(buffer.after(0))).containsExactly("1", "2", "3", "4");
    }

    @Test
    void aClientThatSawTheLatestEventGetsNothing() {
        assertThat(filled(5, 1, 2, 3).after(3)).isEmpty();
    }

    @Test
    void keepsOnlyTheNewestFramesWhenFull() {
        ReplayBuffer buffer = filled(3, 1, 2, 3, 4, 5, 6, 7);

        assertThat(texts(buffer.after(0))).containsExactly("5", "6", "7");
        assertThat(texts(buffer.after(5))).containsExactly("6", "7");
    }

    @Test
    void anEmptyBufferHasNothingToReplay() {
        assertThat(new ReplayBuffer(4).after(0)).isEmpty();
    }

    private static ReplayBuffer filled(int capacity, long... ids) {
        ReplayBuffer buffer = new ReplayBuffer(capacity);
        for (long id : ids) {
            buffer.add(new Frame(id, "log", Json.object(), String.valueOf(id).getBytes(StandardCharsets.UTF_8)));
        }
        return buffer;
    }

    private static List<String> texts(List<Frame> frames) {
        return frames.stream()
                .map(f -> new String(f.bytes(), StandardCharsets.UTF_8))
                .toList();
    }
}
