package org.duplex.config.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.duplex.common.AtomicFiles;
import org.duplex.common.UserError;
import org.duplex.config.ConfigWarning;
import org.duplex.config.Parsed;
import org.duplex.config.Platform;
import org.duplex.config.module.ModuleConfig;
import org.duplex.config.module.UserConfigParser;
import org.duplex.config.paths.DuplexPaths;
import org.duplex.config.paths.ModuleNames;

/**
 * The installed modules under {@code SAFE/modules}: install, list, uninstall, package.
 *
 * <p>Nothing is half-applied. An install unpacks into a staging directory beside the target
 * ({@code SAFE/modules/.install-NAME-*}), validates the archive and the config there, and only
 * then renames it into place; any failure deletes the staging directory and leaves the previous
 * module, if any, untouched. Replacing an existing module is two renames (old aside, new in);
 * a crash between them is repaired by the next store operation, which puts the old one back.
 * Operations on one store are serialized by a lock file, also across processes.
 *
 * <p>Each module has an id (file {@value #ID_FILE} in its directory, not packaged) that decides
 * its ports; a reinstall keeps it.
 */
public final class ModuleStore {
    static final String ID_FILE = ".module-id";
    private static final String STAGING_PREFIX = ".install-";
    private static final String RETIRED_PREFIX = ".old-";
    private static final int MAX_ID = 1000;

    private final DuplexPaths paths;
    private final Platform platform;
    private final Map<String, String> environment;
    private final ArchiveLimits limits;

    public ModuleStore(DuplexPaths paths, Platform platform, Map<String, String> environment, ArchiveLimits limits) {
        this.paths = paths;
        this.platform = platform;
        this.environment = Map.copyOf(environment);
        this.limits = limits;
    }

    public ModuleStore(DuplexPaths paths, Platform platform, Map<String, String> environment) {
        this(paths, platform, environment, ArchiveLimits.DEFAULT);
    }

    /** What an install did. */
    public record InstallResult(InstalledModule module, boolean replaced, List<String> warnings) {}

    /**
     * Installs (or replaces) module {@code name} from {@code archive}.
     *
     * @param requestedId  the id to give a new module; empty means the smallest free id
     */
    public InstallResult install(String name, Path archive, OptionalInt requestedId) {
        requireName(name);
        if (!Files.isRegularFile(archive)) {
            throw new UserError(UserError.Kind.NOT_FOUND, "module archive " + archive + " does not exist");
        }
        return locked(() -> {
            Path target = paths.moduleDir(name);
            OptionalInt existingId = Files.isDirectory(target) ? OptionalInt.of(readId(target)) : OptionalInt.empty();
            int id = chooseId(name, existingId, requestedId);
            Path stage = Files.createTempDirectory(paths.modulesDir(), STAGING_PREFIX + name + "-");
            try {
                List<String> warnings = new ArrayList<>(new SafeArchiveReader(limits).extract(archive, stage));
                // Messages name the file inside the archive the user gave, not the staging copy.
                Parsed<ModuleConfig> parsed = new UserConfigParser(platform, environment).parse(
                        Files.readAllBytes(stage.resolve("conf/userconfig.xml")), archive + "!/conf/userconfig.xml");
                parsed.warnings().stream().map(ConfigWarning::toString).forEach(warnings::add);
                AtomicFiles.write(stage.resolve(ID_FILE), (id + "\n").getBytes(StandardCharsets.US_ASCII));
                boolean replaced = Files.isDirectory(target);
                swapIn(stage, target);
                return new InstallResult(new InstalledModule(name, id, target), replaced, warnings);
            } finally {
                deleteTree(stage);
            }
        });
    }

    private void swapIn(Path stage, Path target) throws IOException {
        Path retired = null;
        if (Files.exists(target)) {
            retired = Files.createTempDirectory(paths.modulesDir(), RETIRED_PREFIX + target.getFileName() + "-");
            Files.delete(retired);
            Files.move(target, retired, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(stage, target, StandardCopyOption.ATOMIC_MOVE);
        AtomicFiles.fsyncDirectory(paths.modulesDir());
        if (retired != null) {
            deleteTree(retired);
        }
    }

    private int chooseId(String name, OptionalInt existingId, OptionalInt requestedId) {
        List<InstalledModule> others = listUnlocked().stream().filter(m -> !m.name().equals(name)).toList();
        if (requestedId.isPresent()) {
            int want = requestedId.getAsInt();
            if (want < 1 || want > MAX_ID) {
                throw new UserError(UserError.Kind.INVALID_INPUT, "module id " + want + " is out of range (expected 1 to "
                        + MAX_ID + ")");
            }
            others.stream().filter(m -> m.id() == want).findFirst().ifPresent(m -> {
                throw new UserError(UserError.Kind.REFUSED, "module id " + want + " is already used by module '"
                        + m.name() + "' (ids decide ports and must be unique)");
            });
            return want;
        }
        if (existingId.isPresent()) {
            return existingId.getAsInt();
        }
        for (int id = 1; id <= MAX_ID; id++) {
            int candidate = id;
            if (others.stream().noneMatch(m -> m.id() == candidate)) {
                return id;
            }
        }
        throw new UserError(UserError.Kind.REFUSED, "no free module id (all " + MAX_ID + " are used)");
    }

    /** The installed modules, by id. */
    public List<InstalledModule> list() {
        return locked(this::listUnlocked);
    }

    private List<InstalledModule> listUnlocked() {
        if (!Files.isDirectory(paths.modulesDir())) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(paths.modulesDir())) {
            return dirs.filter(Files::isDirectory)
                    .filter(d -> ModuleNames.isValid(d.getFileName().toString()))
                    .map(d -> new InstalledModule(d.getFileName().toString(), readId(d), d))
                    .sorted(Comparator.comparingInt(InstalledModule::id).thenComparing(InstalledModule::name))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The installed module {@code name}, or a NOT_FOUND error. */
    public InstalledModule get(String name) {
        requireName(name);
        return list().stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> notInstalled(name));
    }

    /** Removes the module as installed and its runtime copy; its logs under SAFEVAR stay. */
    public void uninstall(String name) {
        requireName(name);
        locked(() -> {
            Path target = paths.moduleDir(name);
            if (!Files.isDirectory(target)) {
                throw notInstalled(name);
            }
            Path retired = Files.createTempDirectory(paths.modulesDir(), RETIRED_PREFIX + name + "-");
            Files.delete(retired);
            Files.move(target, retired, StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.fsyncDirectory(paths.modulesDir());
            deleteTree(retired);
            deleteTree(paths.privateModuleDir(name));
            return null;
        });
    }

    /**
     * SafeKit's {@code config} step: validates the installed module and copies its {@code bin}
     * and {@code conf} to the daemon's runtime directory {@code SAFE/private/modules/AM}
     * (SAFEUSERBIN, SAFEUSERCONF), replacing the previous copy in one rename, so scripts never
     * see a mix of two versions. An invalid config changes nothing. Returns the config applied.
     */
    public Parsed<ModuleConfig> applyRuntimeCopy(String name) {
        requireName(name);
        return locked(() -> {
            Path source = paths.moduleDir(name);
            if (!Files.isDirectory(source)) {
                throw notInstalled(name);
            }
            Parsed<ModuleConfig> parsed = new UserConfigParser(platform, environment)
                    .parse(source.resolve("conf").resolve("userconfig.xml"));
            Path target = paths.privateModuleDir(name);
            Files.createDirectories(target.getParent());
            Path stage = Files.createTempDirectory(target.getParent(), STAGING_PREFIX + name + "-");
            try {
                for (String part : List.of("bin", "conf")) {
                    copyTree(source.resolve(part), stage.resolve(part));
                }
                Path retired = null;
                if (Files.exists(target)) {
                    retired = Files.createTempDirectory(target.getParent(), RETIRED_PREFIX + name + "-");
                    Files.delete(retired);
                    Files.move(target, retired, StandardCopyOption.ATOMIC_MOVE);
                }
                Files.move(stage, target, StandardCopyOption.ATOMIC_MOVE);
                AtomicFiles.fsyncDirectory(target.getParent());
                if (retired != null) {
                    deleteTree(retired);
                }
            } finally {
                deleteTree(stage);
            }
            return parsed;
        });
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Writes the installed module as a {@code .safe} archive to {@code out} (replaced atomically). */
    public void packageModule(String name, Path out) {
        InstalledModule module = get(name);
        Path absOut = out.toAbsolutePath().normalize();
        if (absOut.startsWith(module.dir())) {
            throw new UserError(UserError.Kind.INVALID_INPUT, "cannot write the package inside the module directory "
                    + module.dir());
        }
        try {
            SafeArchiveWriter.write(module.dir(), absOut);
        } catch (IOException e) {
            throw new UserError(UserError.Kind.FAILED, "cannot write " + absOut + ": " + e.getMessage(), e);
        }
    }

    private static UserError notInstalled(String name) {
        return new UserError(UserError.Kind.NOT_FOUND, "module '" + name + "' is not installed");
    }

    private static void requireName(String name) {
        if (!ModuleNames.isValid(name)) {
            throw new UserError(UserError.Kind.INVALID_INPUT, ModuleNames.problem(name));
        }
    }

    private static int readId(Path moduleDir) {
        try {
            return Integer.parseInt(Files.readString(moduleDir.resolve(ID_FILE), StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            throw new UserError(UserError.Kind.FAILED, "module directory " + moduleDir + " has no valid " + ID_FILE
                    + " (was it copied by hand? reinstall the module)", e);
        }
    }

    /** Work that needs the store lock; also repairs what an interrupted operation left. */
    private interface StoreWork<T> {
        T run() throws IOException;
    }

    @SuppressWarnings("try") // the lock is held by being open; the body need not touch it
    private <T> T locked(StoreWork<T> work) {
        try {
            Files.createDirectories(paths.modulesDir());
            try (FileChannel ch = FileChannel.open(paths.modulesDir().resolve(".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = ch.lock()) {
                repairInterrupted();
                return work.run();
            }
        } catch (IOException e) {
            throw new UserError(UserError.Kind.FAILED, "module store " + paths.modulesDir() + ": " + e.getMessage(), e);
        }
    }

    /** Puts back a module set aside by an interrupted replace; removes abandoned staging dirs. */
    private void repairInterrupted() throws IOException {
        repairInterrupted(paths.modulesDir(), true);
        Path runtime = paths.safe().resolve("private").resolve("modules");
        if (Files.isDirectory(runtime)) {
            repairInterrupted(runtime, false);
        }
    }

    private static void repairInterrupted(Path dir, boolean needsId) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(STAGING_PREFIX)) {
                    deleteTree(p);
                } else if (n.startsWith(RETIRED_PREFIX)) {
                    String module = n.substring(RETIRED_PREFIX.length(), n.lastIndexOf('-'));
                    Path target = dir.resolve(module);
                    boolean complete = !needsId || Files.isRegularFile(p.resolve(ID_FILE));
                    if (ModuleNames.isValid(module) && !Files.exists(target) && complete) {
                        Files.move(p, target, StandardCopyOption.ATOMIC_MOVE);
                    } else {
                        deleteTree(p);
                    }
                }
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
