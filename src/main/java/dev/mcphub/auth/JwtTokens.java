package dev.mcphub.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Checks JWT access tokens locally: the signature against the issuer's JWKS (cached; a key id not in the
 * cache fetches the set again, at most once a second, which is how a rotation is followed), {@code iss},
 * {@code exp} and {@code nbf} with a small skew, and {@code aud} naming the hub's resource (RFC 8707). Only
 * asymmetric algorithms: an {@code alg: none} token or one "signed" with a public key as an HMAC secret is
 * refused before any claim is read.
 */
final class JwtTokens {
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.PS384,
            JWSAlgorithm.PS512,
            JWSAlgorithm.ES256,
            JWSAlgorithm.ES384,
            JWSAlgorithm.ES512,
            JWSAlgorithm.EdDSA,
            JWSAlgorithm.Ed25519);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    JwtTokens(URI jwks, URI issuer, URI resource, Duration skew) {
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(jwks.toURL(), new DefaultResourceRetriever(5_000, 5_000, 512 * 1024))
                    .cache(
                            Duration.ofMinutes(10).toMillis(),
                            Duration.ofSeconds(10).toMillis())
                    .rateLimited(1_000)
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a URL: " + jwks, e);
        }
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        // RFC 9068 access tokens say "at+jwt"; many issuers send plain JWTs.
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(
                JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"), null));
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        if (issuer != null) {
            exact.issuer(issuer.toString());
        }
        DefaultJWTClaimsVerifier<SecurityContext> claims =
                new DefaultJWTClaimsVerifier<>(audiences(resource), exact.build(), Set.of("exp", "sub"), null);
        claims.setMaxClockSkew((int) skew.toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** The claims of a valid token. */
    JWTClaimsSet verify(String token) throws TokenRefused {
        try {
            return processor.process(token, null);
        } catch (BadJWTException e) {
            throw new TokenRefused("Access token rejected: " + e.getMessage());
        } catch (java.text.ParseException e) {
            throw new TokenRefused("Access token is not a JWT");
        } catch (com.nimbusds.jose.proc.BadJOSEException e) {
            throw new TokenRefused("Access token rejected: " + e.getMessage());
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new TokenRefused("Access token could not be checked: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new TokenRefused("Access token could not be checked");
        }
    }

    /** The resource with and without a trailing slash: URL parsers add one to a bare origin. */
    static Set<String> audiences(URI resource) {
        String value = resource.toString();
        String bare = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        Set<String> all = new HashSet<>();
        all.add(bare);
        all.add(bare + "/");
        return all;
    }
}
