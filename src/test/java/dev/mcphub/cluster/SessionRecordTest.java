package dev.mcphub.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.json.Json;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.StreamEntryID;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SessionRecordTest {
    @Test
    void aRecordReadBackFromItsJsonIsTheSameRecord() {
        SessionRecord record = new SessionRecord(
                "id-1",
                7,
                "/profiles/coding/mcp",
                "key:ci",
                "2025-11-25",
                Json.parse("{\"sampling\":{},\"elicitation\":{\"form\":{}}}"),
                Json.parse("{\"name\":\"client\",\"version\":\"1.0\"}"),
                true,
                "debug",
                List.of(new SessionRecord.Subscription("everything", "demo://x", "everything__demo://x")));

        SessionRecord back = Json.MAPPER.readValue(Json.text(record), SessionRecord.class);

        assertThat(back).isEqualTo(record);
    }

    @Test
    void aPushReadBackFromItsJsonIsTheSamePush() {
        Push push = new Push(Push.Kind.ANSWER, "id-1", "a", "{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{}}");

        assertThat(Json.MAPPER.readValue(Json.text(push), Push.class)).isEqualTo(push);
    }

    @Test
    void streamIdsBecomeNumbersInTheirOrder() {
        long earlier = RedisEvents.number(new StreamEntryID(1_700_000_000_000L, 3));
        long later = RedisEvents.number(new StreamEntryID(1_700_000_000_001L, 0));

        assertThat(earlier).isEqualTo(1_700_000_000_000_003L).isLessThan(later);
        assertThat(later).as("fits a JavaScript number").isLessThan(1L << 53);
    }
}
