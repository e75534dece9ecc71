package dev.mcphub.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegistrySourceTest {

    @Test
    void githubRepositoryIsOwnerAndRepoOfAGithubUrl() {
        assertThat(RegistrySource.githubRepository("https://github.com/modelcontextprotocol/servers"))
                .contains("modelcontextprotocol/servers");
        assertThat(RegistrySource.githubRepository("https://github.com/example/filesystem-mcp.git"))
                .contains("example/filesystem-mcp");
        assertThat(RegistrySource.githubRepository("https://www.github.com/brave/search/tree/main/server"))
                .contains("brave/search");
        assertThat(RegistrySource.githubRepository("https://GitHub.com/a/b/")).contains("a/b");
    }

    @Test
    void otherUrlsHaveNoGithubRepository() {
        assertThat(RegistrySource.githubRepository(null)).isEmpty();
        assertThat(RegistrySource.githubRepository("https://gitlab.com/example/eclair"))
                .isEmpty();
        assertThat(RegistrySource.githubRepository("https://github.com/only-owner"))
                .isEmpty();
        assertThat(RegistrySource.githubRepository("https://github.com/../x")).isEmpty();
        assertThat(RegistrySource.githubRepository("https://github.com.evil.org/a/b"))
                .isEmpty();
        assertThat(RegistrySource.githubRepository("not a url")).isEmpty();
    }

    @Test
    void describeFindsTheReasonInACause() {
        Exception failure = new java.net.ConnectException();
        failure.initCause(new java.io.IOException("Connection refused"));
        assertThat(RegistrySource.describe(failure)).isEqualTo("Connection refused");
        assertThat(RegistrySource.describe(new java.net.UnknownHostException("registry.corp")))
                .isEqualTo("UnknownHostException: registry.corp");
        assertThat(RegistrySource.describe(new java.net.ConnectException())).contains("could not connect");
    }
}
