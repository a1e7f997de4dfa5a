package io.runfleet.wire.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityFilesTest {

    @Test
    void aSecretIsCreatedOnceOwnerOnlyEvenWhenManyRaceForIt(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("security/tokens");
        AtomicInteger made = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> racers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int n = i;
                racers.add(() -> SecretFiles.readOrCreate(secret, () -> {
                    made.incrementAndGet();
                    return "secret-" + n;
                }));
            }
            List<String> seen = new ArrayList<>();
            for (Future<String> answer : pool.invokeAll(racers)) {
                seen.add(answer.get());
            }
            assertThat(made).hasValue(1);
            assertThat(seen).containsOnly(Files.readString(secret));
        } finally {
            pool.shutdownNow();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void aSecretOthersCanReadIsRefusedNamingTheFix(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("key");
        Files.writeString(secret, "x");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> SecretFiles.read(secret)).hasMessageContaining("chmod 600 " + secret);
    }

    @Test
    void loopbackAddressesAreToldFromReachableOnes() {
        assertThat(Loopback.isLoopbackHost("127.0.0.1")).isTrue();
        assertThat(Loopback.isLoopbackHost("localhost")).isTrue();
        assertThat(Loopback.isLoopbackHost("::1")).isTrue();
        assertThat(Loopback.isLoopbackHost("[::1]")).isTrue();
        assertThat(Loopback.isLoopbackHost("0.0.0.0")).isFalse();
        assertThat(Loopback.isLoopbackHost("::")).isFalse();
        assertThat(Loopback.isLoopbackHost("10.1.2.3")).isFalse();
        assertThat(Loopback.isLoopbackEndpoint("tcp://127.0.0.1:5555")).isTrue();
        assertThat(Loopback.isLoopbackEndpoint("tcp://localhost:5555")).isTrue();
        assertThat(Loopback.isLoopbackEndpoint("tcp://*:5555")).isFalse();
        assertThat(Loopback.isLoopbackEndpoint("tcp://0.0.0.0:5555")).isFalse();
        assertThat(Loopback.isLoopbackEndpoint("tcp://192.168.7.1:5555")).isFalse();
        assertThat(Loopback.isLoopbackEndpoint("inproc://x")).isTrue();
    }
}
