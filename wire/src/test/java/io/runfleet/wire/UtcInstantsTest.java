package io.runfleet.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Instants are written and read without a DateTimeFormatter, yet exactly as the standard JavaTimeModule does. */
class UtcInstantsTest {

    /** What the codec wrote and read before it had a fast path: the reference for format and refusals. */
    private static final ObjectMapper STANDARD = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    @Test
    void everyInstantIsWrittenAsTheStandardWritesItAndReadsBack() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = switch (i % 4) {
                case 0 -> Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_800L),
                        random.nextInt(1_000_000_000));
                case 1 -> Instant.ofEpochMilli(random.nextLong(0, 4_102_444_800_000L));
                case 2 -> Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L), random.nextInt(1000) * 1000L);
                default -> Instant.ofEpochSecond(random.nextLong(Instant.MIN.getEpochSecond(),
                        Instant.MAX.getEpochSecond()), random.nextInt(1_000_000_000));
            };
            StudyStopped stop = new StudyStopped(1, "s", "r", instant);

            byte[] json = WireCodec.encode(stop);

            assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(STANDARD.writeValueAsString(stop));
            assertThat(WireCodec.decode(json, StudyStopped.class)).isEqualTo(stop);
        }
    }

    @Test
    void theEdgesOfTheFourDigitYearsAreWrittenAsTheStandardWritesThem() {
        for (String text : new String[] {"0000-12-31T23:59:59.999999999Z", "0001-01-01T00:00:00Z",
                "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "2024-02-29T12:00:00.000001Z",
                "9999-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z"}) {
            Instant instant = Instant.parse(text);

            assertThat(UtcInstantText.format(instant)).isEqualTo(instant.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
    void fractionsOfNoneToNineDigitsReadAsTheStandardReadsThem(int digits) throws Exception {
        String text = "2026-12-07T11:42:28" + (digits == 0 ? "" : "." + "987654321".substring(0, digits)) + "Z";

        assertThat(UtcInstantText.parse(text)).isEqualTo(Instant.parse(text));
        assertThat(decode(text)).isEqualTo(standardDecode(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-07T12:42:28.5+01:00", "2026-12-07T06:12:28.5-05:30", "2026-12-07T11:42:28.5+00:00",
            "2026-12-07t11:42:28.5z", "2016-12-31T23:59:60Z", "2026-12-07T24:00:00Z", "2026-12-07T11:42:28.Z",
            "1481155348", "1481155348.5", "+12026-12-07T11:42:28Z"})
    void textsOutsideTheWrittenFormStillReadAsTheStandardReadsThem(String text) throws Exception {
        assertThat(UtcInstantText.parse(text)).isNull();
        assertThat(decode(text)).isEqualTo(standardDecode(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-07T11:42:28Z",
            "2026-12-07T11:60:28Z", "2026-12-07T11:42:28.1234567890Z",
            "2026-12-07T11:42:28,5Z", "2026-12-07 11:42:28Z", "2026-12-07T11:42:2xZ", "-026-12-07T11:42:28Z",
            "yesterday"})
    void malformedValuesAreRefusedNamingTheFieldAsBefore(String text) {
        JsonMappingException standard = catchStandard(text);

        assertThatThrownBy(() -> decode(text))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageStartingWith("unreadable StudyStopped, field 'stoppedAt': ")
                .hasMessageContaining(standard.getOriginalMessage().lines().findFirst().orElseThrow());
    }

    private static Instant decode(String text) {
        return WireCodec.decode(json(text), StudyStopped.class).stoppedAt();
    }

    private static Instant standardDecode(String text) throws Exception {
        return STANDARD.readValue(json(text), StudyStopped.class).stoppedAt();
    }

    private static JsonMappingException catchStandard(String text) {
        try {
            standardDecode(text);
        } catch (JsonMappingException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError(text + " was read by the standard deserializer");
    }

    private static byte[] json(String stoppedAt) {
        String value = stoppedAt.matches("[0-9.]+") ? stoppedAt : '"' + stoppedAt + '"';
        return ("{\"schemaVersion\": 1, \"studyId\": \"s\", \"reason\": \"r\", \"stoppedAt\": " + value + "}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
