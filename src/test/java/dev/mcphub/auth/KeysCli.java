package dev.mcphub.auth;

import dev.mcphub.testing.HubProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code mcp-hub keys ...} run as the user would, from the jar, with a hub's home and state directories. */
public final class KeysCli {
    private KeysCli() {}

    public record Result(int exit, String stdout, String stderr) {}

    public static Result run(Path home, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(HubProcess.javaBinary(), "-jar", HubProcess.jar(), "keys"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("HOME", home.toString());
        builder.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
        builder.environment().put("XDG_DATA_HOME", home.resolve("data").toString());
        builder.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("mcp-hub keys " + String.join(" ", args) + " did not finish");
        }
        return new Result(
                process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Creates a key and returns it (the one line on stdout). */
    public static String create(Path home, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("create"));
        all.addAll(List.of(args));
        Result result = run(home, all.toArray(String[]::new));
        if (result.exit() != 0) {
            throw new AssertionError("keys create failed: " + result.stderr());
        }
        return result.stdout().trim();
    }
}
