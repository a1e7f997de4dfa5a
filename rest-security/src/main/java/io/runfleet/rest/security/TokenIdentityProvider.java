package io.runfleet.rest.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.runfleet.wire.security.RestRole;
import io.runfleet.wire.security.RestToken;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Turns a bearer token into an identity: the token's name as principal, its roles (admin brings all). */
@Singleton
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final RestTokens tokens;

    TokenIdentityProvider(RestTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        RestToken token = tokens.match(request.getToken().getToken())
                // the message never repeats the token: it may end up in a log
                .orElseThrow(() -> new AuthenticationFailedException("unknown bearer token"));
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(token.name()))
                .addRoles(RestRole.granted(token.roles()))
                .build());
    }
}
