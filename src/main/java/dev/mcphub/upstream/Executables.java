package dev.mcphub.upstream;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds a server's command on the PATH it will run with, so that a missing command is reported as such
 * rather than as an early exit of the wrapper that starts it.
 */
final class Executables {
    private Executables() {}

    static String resolve(String command, String path, Path cwd) throws IOException {
        if (command.contains(File.separator)) {
            Path file = cwd != null ? cwd.resolve(command) : Path.of(command);
            if (!Files.isExecutable(file)) {
                throw new IOException("command '" + command + "' is not an executable file (command)");
            }
            return file.toString();
        }
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, command);
                if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                    return candidate.toString();
                }
            }
        }
        throw new IOException("command '" + command + "' not found on PATH (command)");
    }
}
