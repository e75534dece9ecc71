package dev.mcphub.upstream.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcphub.error.HubException;
import org.junit.jupiter.api.Test;

class AuthorizationResponseTest {

    @Test
    void aPastedRedirectUrlGivesItsParameters() {
        AuthorizationResponse response = AuthorizationResponse.fromUrl(
                " http://localhost:3000/api/oauth/callback?server_name=my%20server&code=c%2B1&state=s \n");

        assertThat(response).isEqualTo(new AuthorizationResponse("c+1", "s", null, null, "my server"));
    }

    @Test
    void anErrorRedirectGivesTheErrorAndItsDescription() {
        AuthorizationResponse response = AuthorizationResponse.fromUrl(
                "http://localhost/cb?error=access_denied&error_description=no+thanks&state=s");

        assertThat(response.error()).isEqualTo("access_denied");
        assertThat(response.errorDescription()).isEqualTo("no thanks");
        assertThat(response.code()).isNull();
    }

    @Test
    void somethingThatIsNoUrlIsAValidationError() {
        assertThatThrownBy(() -> AuthorizationResponse.fromUrl("http://x/ y"))
                .isInstanceOf(HubException.class)
                .hasMessageContaining("not valid");
    }
}
