package io.runfleet.wire.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RestTokensFileTest {

    private static final Path FILE = Path.of("rest-tokens");

    @Test
    void aFreshFileHoldsOneRandomTokenPerRole() {
        List<RestToken> first = RestTokensFile.parse(RestTokensFile.generate(), FILE);
        List<RestToken> second = RestTokensFile.parse(RestTokensFile.generate(), FILE);

        assertThat(first).extracting(RestToken::name).containsExactly("admin", "submit", "read");
        assertThat(first).extracting(RestToken::roles).containsExactly(Set.of(RestRole.ADMIN),
                Set.of(RestRole.SUBMIT, RestRole.READ), Set.of(RestRole.READ));
        assertThat(first).allSatisfy(token -> assertThat(token.secret()).hasSizeGreaterThanOrEqualTo(32));
        assertThat(first).extracting(RestToken::secret).doesNotHaveDuplicates()
                .doesNotContainAnyElementsOf(second.stream().map(RestToken::secret).toList());
    }

    @Test
    void adminGrantsEveryRoleAndOtherRolesOnlyThemselves() {
        assertThat(RestRole.granted(Set.of(RestRole.ADMIN))).containsExactlyInAnyOrder("read", "submit", "admin");
        assertThat(RestRole.granted(Set.of(RestRole.READ))).containsExactly("read");
    }

    @Test
    void aMalformedLineIsRefusedWithItsNumber() {
        assertThatThrownBy(() -> RestTokensFile.parse("# comment\n\nci submit\n", FILE))
                .hasMessageContaining("line 3").hasMessageContaining("<name> <role>");
        assertThatThrownBy(() -> RestTokensFile.parse("ci deploy " + "x".repeat(40) + "\n", FILE))
                .hasMessageContaining("line 1").hasMessageContaining("unknown role 'deploy'");
    }

    @Test
    void aShortTokenIsRefusedWithoutBeingShown() {
        assertThatThrownBy(() -> RestTokensFile.parse("ci read short-secret\n", FILE))
                .hasMessageContaining("at least 32").hasMessageNotContaining("short-secret");
    }

    @Test
    void aTokenNeverPrintsItsSecret() {
        RestToken token = new RestToken("ci", Set.of(RestRole.READ), "s".repeat(40));

        assertThat(token.toString()).contains("ci").doesNotContain("s".repeat(40));
    }
}
