package dev.mcphub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaceholdersTest {
    @TempDir
    Path dir;

    private final Map<String, String> processEnv = new HashMap<>(Map.of(
            "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"), "HOME", "/home/me", "TOKEN", "from-env"));

    private Placeholders.Context context() {
        return Placeholders.Context.fromEnvironment(processEnv, dir);
    }

    private static ServerSpec.Stdio stdio(String command, List<String> args, Map<String, String> env) {
        return new ServerSpec.Stdio(command, args, env, null, null);
    }

    private ServerSpec.Stdio resolveStdio(ServerSpec.Stdio spec) {
        return (ServerSpec.Stdio) Placeholders.resolve("srv", spec, context());
    }

    private String resolveArg(String arg) {
        return resolveStdio(stdio("x", List.of(arg), Map.of())).args().getFirst();
    }

    private HubException failure(ServerSpec spec) {
        try {
            Placeholders.resolve("srv", spec, context());
        } catch (HubException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
            assertThat(e.data()).containsEntry("server", "srv");
            return e;
        }
        throw new AssertionError("resolved without error: " + spec);
    }

    @Test
    void variablesComeFromTheEnvironmentInEitherForm() {
        assertThat(resolveArg("--token=${TOKEN}")).isEqualTo("--token=from-env");
        assertThat(resolveArg("${env:TOKEN}/${ TOKEN }")).isEqualTo("from-env/from-env");
    }

    @Test
    void hubEnvWinsOverTheProcessEnvironmentAndProvidesInputs() {
        processEnv.put("MCP_HUB_ENV", "{\"TOKEN\": \"from-hub\", \"input:apiKey\": \"k\", \"PORT\": 8080}");

        assertThat(resolveArg("${TOKEN}")).isEqualTo("from-hub");
        assertThat(resolveArg("${input:apiKey}")).isEqualTo("k");
        assertThat(context().hubEnv()).containsEntry("PORT", "8080");
    }

    @Test
    void inputsAreOnlyInHubEnv() {
        processEnv.put("input:apiKey", "no");
        processEnv.remove("MCP_HUB_ENV");

        assertThat(failure(stdio("x", List.of("${input:apiKey}"), Map.of())))
                .hasMessage("Server 'srv': Variable 'input:apiKey' not found (in args[0])");
    }

    @Test
    void invalidHubEnvIsIgnored() {
        processEnv.put("MCP_HUB_ENV", "{not json");
        assertThat(context().hubEnv()).isEmpty();
        processEnv.put("MCP_HUB_ENV", "[1, 2]");
        assertThat(context().hubEnv()).isEmpty();
        assertThat(resolveArg("${TOKEN}")).isEqualTo("from-env");
    }

    @Test
    void predefinedVariablesFollowVsCode() {
        assertThat(resolveArg("${workspaceFolder}")).isEqualTo(dir.toString());
        assertThat(resolveArg("${cwd}")).isEqualTo(dir.toString());
        assertThat(resolveArg("${workspaceFolderBasename}"))
                .isEqualTo(dir.getFileName().toString());
        assertThat(resolveArg("${userHome}")).isEqualTo("/home/me");
        assertThat(resolveArg("a${pathSeparator}b${/}c")).isEqualTo("a" + File.separator + "b" + File.separator + "c");
    }

    @Test
    void theEnvironmentWinsOverPredefinedVariables() {
        processEnv.put("cwd", "/elsewhere");

        assertThat(resolveArg("${cwd}")).isEqualTo("/elsewhere");
    }

    @Test
    void commandPlaceholdersRunInAShellAndAreTrimmed() {
        assertThat(resolveArg("${cmd: echo '  hello world  ' | tr a-z A-Z}")).isEqualTo("HELLO WORLD");
        assertThat(resolveArg("pre-${cmd:printf x}-post")).isEqualTo("pre-x-post");
    }

    @Test
    void placeholdersNest() throws IOException {
        Files.writeString(dir.resolve("tok"), "secret\n");
        processEnv.put("DIR", dir.toString());

        assertThat(resolveArg("${cmd: cat ${DIR}/tok}")).isEqualTo("secret");
        processEnv.put("NAME", "TOKEN");
        assertThat(resolveArg("${${NAME}}")).isEqualTo("from-env");
    }

    @Test
    void aFailingCommandFailsTheServer() {
        HubException e = failure(stdio("x", List.of("ok", "${cmd: echo oops >&2; exit 3}"), Map.of()));

        assertThat(e)
                .hasMessage("Server 'srv': cmd execution failed: Command failed with exit code 3: oops (in args[1])");
        assertThat(e.data()).containsEntry("field", "args[1]").containsEntry("command", "echo oops >&2; exit 3");
        assertThat(failure(stdio("x", List.of("${cmd:  }"), Map.of())).getMessage())
                .contains("cmd execution failed: Empty command");
    }

    @Test
    void aCommandThatRunsTooLongIsStopped() {
        var quick = new Placeholders.Context(processEnv, Map.of(), dir, dir, Duration.ofMillis(300));
        // A sleep that ran to its end would leave no error: the error itself shows the command was stopped.
        assertThatThrownBy(() -> Placeholders.resolve("srv", stdio("${cmd: sleep 20}", List.of(), Map.of()), quick))
                .hasMessage("Server 'srv': cmd execution failed: Command timed out after 300 ms (in command)");
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() {
        processEnv.put("X", "X");
        String ten = "${".repeat(10) + "X" + "}".repeat(10);
        String eleven = "${".repeat(11) + "X" + "}".repeat(11);

        assertThat(resolveArg(ten)).isEqualTo("X");
        assertThat(failure(stdio("x", List.of(eleven), Map.of())))
                .hasMessage("Server 'srv': Max placeholder resolution depth exceeded, possible circular reference"
                        + " (in args[0])");
    }

    @Test
    void anUnknownVariableNamesTheServerVariableAndField() {
        HubException e = failure(stdio("x", List.of(), Map.of("API_KEY", "${MISSING}")));

        assertThat(e).hasMessage("Server 'srv': Variable 'MISSING' not found (in env.API_KEY)");
        assertThat(e.data()).containsEntry("field", "env.API_KEY").containsEntry("variable", "MISSING");
    }

    @Test
    void anUnmatchedBraceIsText() {
        assertThat(resolveArg("price ${ and more")).isEqualTo("price ${ and more");
    }

    @Test
    void nullOrEmptyEnvValuesTakeTheSameNamedVariable() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TOKEN", null);
        env.put("HOME", "");

        assertThat(resolveStdio(stdio("x", List.of(), env)).env())
                .containsEntry("TOKEN", "from-env")
                .containsEntry("HOME", "/home/me");
        Map<String, String> missing = new LinkedHashMap<>();
        missing.put("NOPE", null);
        assertThat(failure(stdio("x", List.of(), missing)))
                .hasMessage("Server 'srv': Variable 'NOPE' not found (in env.NOPE)");
    }

    @Test
    void envIsResolvedInOnePassButOtherFieldsSeeIt() {
        HubException e = failure(stdio("x", List.of(), Map.of("A", "a", "B", "${A}")));
        assertThat(e).hasMessage("Server 'srv': Variable 'A' not found (in env.B)");

        ServerSpec.Stdio resolved = resolveStdio(
                new ServerSpec.Stdio("${BIN}/run", List.of("${A}"), Map.of("A", "a", "BIN", "/opt"), "${BIN}", null));
        assertThat(resolved.command()).isEqualTo("/opt/run");
        assertThat(resolved.args()).containsExactly("a");
        assertThat(resolved.cwd()).isEqualTo("/opt");
    }

    @Test
    void theServersEnvIsHubEnvPlusItsOwnWhichWins() {
        processEnv.put("MCP_HUB_ENV", "{\"SHARED\": \"hub\", \"OVERRIDDEN\": \"hub\"}");

        Map<String, String> env = resolveStdio(stdio("x", List.of(), Map.of("OVERRIDDEN", "server")))
                .env();

        assertThat(env).isEqualTo(Map.of("SHARED", "hub", "OVERRIDDEN", "server"));
        assertThat(env).doesNotContainKeys("PATH", "TOKEN", "workspaceFolder");
    }

    @Test
    void legacyDollarArgumentsReplaceTheWholeArgument() {
        assertThat(resolveArg("$TOKEN")).isEqualTo("from-env");
        assertThat(failure(stdio("x", List.of("$NOPE"), Map.of())))
                .hasMessage("Server 'srv': Legacy variable 'NOPE' not found (in args[0])");
    }

    @Test
    void remoteFieldsAreResolved() {
        processEnv.put("MCP_HUB_ENV", "{\"HOST\": \"example.com\"}");
        var remote = new ServerSpec.Remote(
                "https://${HOST}/mcp",
                Map.of("Authorization", "Bearer ${TOKEN}"),
                Map.of(),
                new ServerSpec.OAuthSpec("${TOKEN}", "${cmd: echo s3cret}", List.of("read:${HOST}")));

        ServerSpec.Remote resolved = (ServerSpec.Remote) Placeholders.resolve("srv", remote, context());

        assertThat(resolved.url()).isEqualTo("https://example.com/mcp");
        assertThat(resolved.headers()).containsEntry("Authorization", "Bearer from-env");
        assertThat(resolved.oauth())
                .isEqualTo(new ServerSpec.OAuthSpec("from-env", "s3cret", List.of("read:example.com")));
        assertThat(failure(new ServerSpec.Remote("https://h/", Map.of("X-Key", "${NOPE}"), Map.of(), null)))
                .hasMessage("Server 'srv': Variable 'NOPE' not found (in headers.X-Key)");
    }

    @Test
    void aUrlThatIsInvalidOnceResolvedFailsTheServer() {
        processEnv.put("BASE", "not a url");

        assertThat(failure(new ServerSpec.Remote("${BASE}/mcp", Map.of(), Map.of(), null)))
                .hasMessage("Server 'srv' has invalid url");
    }

    @Test
    void devCwdIsResolvedAndMustBeAbsolute() {
        processEnv.put("ROOT", "/srv/app");
        var dev = new ServerSpec.DevSpec(true, List.of("**/*.js"), "${ROOT}/server");

        ServerSpec.Stdio resolved = resolveStdio(new ServerSpec.Stdio("node", List.of(), Map.of(), null, dev));

        assertThat(resolved.dev().cwd()).isEqualTo("/srv/app/server");
        processEnv.put("ROOT", "relative");
        assertThat(failure(new ServerSpec.Stdio("node", List.of(), Map.of(), null, dev)))
                .hasMessage("Server 'srv' dev.cwd must be an absolute path");
    }

    @Test
    void theChildGetsASafeSubsetOfTheHubEnvironmentThenItsOwn() {
        Map<String, String> hub = new HashMap<>(Map.of(
                "PATH", "/bin",
                "HOME", "/home/me",
                "LANG", "C.UTF-8",
                "HTTPS_PROXY", "http://proxy:3128",
                "no_proxy", "localhost",
                "AWS_SECRET_ACCESS_KEY", "hidden",
                "SHELL", "() { evil; }"));

        Map<String, String> child = Placeholders.childEnvironment(hub, Map.of("PATH", "/custom", "API_KEY", "k"));

        assertThat(child)
                .isEqualTo(Map.of(
                        "PATH", "/custom",
                        "HOME", "/home/me",
                        "LANG", "C.UTF-8",
                        "HTTPS_PROXY", "http://proxy:3128",
                        "no_proxy", "localhost",
                        "API_KEY", "k"));
    }
}
