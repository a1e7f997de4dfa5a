package io.runfleet.rest.security.testing;

import io.quarkus.arc.Arc;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every route of the running application, read from the JAX-RS resource classes its CDI container holds
 * (Quarkus REST makes each {@code @Path} class a bean): a route added tomorrow is in the list without anyone
 * writing it down.
 */
public final class RestRoutes {

    private RestRoutes() {
    }

    public static List<RestRoute> ofRunningApplication() {
        List<RestRoute> routes = new ArrayList<>();
        for (Bean<?> bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            Path root = type.getAnnotation(Path.class);
            if (root == null) {
                continue;
            }
            for (Method method : type.getMethods()) {
                String httpMethod = httpMethod(method);
                Path sub = method.getAnnotation(Path.class);
                if (httpMethod == null && sub != null) {
                    throw new IllegalStateException(type.getName() + "." + method.getName() + " is a sub-resource "
                            + "locator; teach RestRoutes to follow it so its routes are checked too");
                }
                if (httpMethod != null) {
                    String template = join(root.value(), sub == null ? "" : sub.value());
                    routes.add(new RestRoute(httpMethod, template, concrete(template)));
                }
            }
        }
        routes.sort(Comparator.comparing(RestRoute::toString));
        return routes;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static String join(String root, String sub) {
        String joined = ("/" + root + "/" + sub).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    /** {@code {id}} and {@code {seq: \d+}} become {@code 1}: a value every parameter accepts. */
    private static String concrete(String template) {
        return template.replaceAll("\\{[^}]*}", "1");
    }
}
