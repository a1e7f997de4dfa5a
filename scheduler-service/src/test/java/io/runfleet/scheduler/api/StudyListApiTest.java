package io.runfleet.scheduler.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** GET /studies pages through the studies with a next link, and refuses a page size or cursor it cannot serve. */
@QuarkusTest
class StudyListApiTest {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

    @Test
    void followingTheNextLinksListsEveryStudyOnceWithoutItsDocument() {
        List<String> submitted = IntStream.range(0, 5).mapToObj(i -> given().contentType("application/json")
                .body("{\"name\": \"listed-" + i + "\", \"template\": {\"builtin\": \"noop\"}}")
                .when().post("/studies").then().statusCode(201).extract().<String>path("id")).toList();

        List<String> paged = new ArrayList<>();
        String next = "/studies?limit=2";
        int pages = 0;
        while (next != null) {
            Response page = given().when().get(next);
            assertThat(page.statusCode()).isEqualTo(200);
            List<String> ids = page.jsonPath().getList("id");
            assertThat(ids).hasSizeLessThanOrEqualTo(2);
            assertThat(page.jsonPath().getList("document")).allMatch(d -> d == null);
            paged.addAll(ids);
            next = nextLink(page.header("Link"));
            assertThat(next == null || ids.size() == 2).as("a next link only after a full page").isTrue();
            pages++;
        }

        List<String> whole = given().when().get("/studies?limit=1000").then().statusCode(200).extract()
                .jsonPath().getList("id");
        assertThat(paged).doesNotHaveDuplicates().containsAll(submitted).isEqualTo(whole);
        assertThat(pages).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aPageSizeOutOfRangeOrAnUnknownCursorIsRefusedNamingTheParameter() {
        assertThat(given().when().get("/studies?limit=0").then().statusCode(400).extract().<String>path("error"))
                .contains("limit 0", "1 to 1000");
        assertThat(given().when().get("/studies?limit=1001").then().statusCode(400).extract().<String>path("error"))
                .contains("limit 1001");
        assertThat(given().when().get("/studies?after=000000000000").then().statusCode(400).extract()
                .<String>path("error")).contains("after", "000000000000");
    }

    private static String nextLink(String header) {
        if (header == null) {
            return null;
        }
        Matcher matcher = NEXT.matcher(header);
        return matcher.find() ? matcher.group(1) : null;
    }
}
