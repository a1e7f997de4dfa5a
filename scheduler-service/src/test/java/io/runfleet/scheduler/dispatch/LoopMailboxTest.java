package io.runfleet.scheduler.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The loop's mailbox holds at most its capacity of messages; tasks always get in, wake-ups coalesce. */
class LoopMailboxTest {

    @Test
    void aSenderWaitsWhileTheMailboxIsFullAndGoesOnWhenTheLoopTakesOne() throws Exception {
        LoopMailbox mailbox = new LoopMailbox(2);
        mailbox.putMessage("m1");
        mailbox.putMessage("m2");
        CompletableFuture<Void> third = CompletableFuture.runAsync(() -> mailbox.putMessage("m3"));
        mailbox.putTask("task");

        // not a timing assertion: a mailbox without a bound lets the third in at once, this one never does
        Thread.sleep(300);
        assertThat(third).as("the third message waits for a place").isNotDone();
        assertThat(mailbox.size()).isEqualTo(3);

        assertThat(mailbox.poll(0)).isEqualTo("m1");
        third.get(10, TimeUnit.SECONDS);
        assertThat(mailbox.poll(0)).isEqualTo("m2");
        assertThat(mailbox.poll(0)).isEqualTo("task");
        assertThat(mailbox.poll(0)).isEqualTo("m3");
        assertThat(mailbox.poll(0)).isNull();
    }

    @Test
    void wakeUpsCoalesceUntilTheLoopTakesOne() throws Exception {
        LoopMailbox mailbox = new LoopMailbox(10);
        for (int i = 0; i < 1_000; i++) {
            mailbox.wake();
        }
        assertThat(mailbox.size()).isEqualTo(1);
        assertThat(mailbox.poll(0)).isSameAs(LoopMailbox.WAKE);
        mailbox.wake();
        assertThat(mailbox.poll(0)).isSameAs(LoopMailbox.WAKE);
    }

    @Test
    void aCapacityBelowOneIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new LoopMailbox(0)).hasMessageContaining("runfleet.scheduler.mailbox-capacity");
    }
}
