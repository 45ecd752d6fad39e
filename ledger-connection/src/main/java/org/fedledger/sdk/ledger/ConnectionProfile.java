package org.fedledger.sdk.ledger;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How one identity reaches a ledger, from a properties file or the environment. {@code ledger}
 * names the kind ({@code fabric}, the default, or {@code embedded}). Every kind takes the same two
 * keys for the identity: {@code mspId}, its organisation's MSP id such as {@code Org2MSP}, and
 * {@code user}, its name in that organisation such as {@code User1} or {@code Admin}. The other keys
 * are the kind's. For {@code embedded}: {@code dataDirectory}. For {@code fabric}: {@code peerEndpoint} (host:port of the organisation's peer
 * gateway), {@code tlsCaCertificate}, {@code channel}, {@code chaincode}, and the identity as either
 * {@code certificate} + {@code privateKey} (PEM files), {@code mspDirectory} (an MSP folder as
 * cryptogen and Fabric CA write it: {@code signcerts/}, {@code keystore/}), or {@code user} with
 * {@code usersDirectory} and {@code domain} (cryptogen's users folder, as
 * {@code test-network/network.sh up} writes in {@code connection/org<i>.properties}).
 *
 * <p>One rule combines the sources, in the SDK and in every {@code fedledger} command alike: the
 * profile file (the one given, else the one {@code FEDLEDGER_PROFILE} names), then each
 * {@code FEDLEDGER_SOME_KEY} variable over it ({@code someKey}), then what code sets with
 * {@link #with(String, String)}: a later source wins key by key. A key that was renamed
 * ({@code organisation}, now {@code mspId}) is refused wherever it comes from, with a
 * {@link RenamedProfileKeyException} naming the new key.
 *
 * <pre>{@code
 * ConnectionProfile profile = ConnectionProfile.load(Path.of("test-network/.state/connection/org1.properties"))
 *         .with("user", "User1");
 * }</pre>
 */
public final class ConnectionProfile {
    /** Prefix of the environment variables {@link #fromEnvironment()} reads: {@code FEDLEDGER_PEER_ENDPOINT} is {@code peerEndpoint}. */
    public static final String ENVIRONMENT_PREFIX = "FEDLEDGER_";

    private final Map<String, String> properties;

    /** Keys that were renamed, with their new names; a profile holding one is refused. */
    private static final Map<String, String> RENAMED = Map.of("organisation", "mspId");

    private ConnectionProfile(Map<String, String> properties) {
        properties.keySet().forEach(ConnectionProfile::refuseRenamed);
        this.properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /**
     * A profile of exactly these properties.
     *
     * @throws RenamedProfileKeyException when a key was renamed
     */
    public static ConnectionProfile of(Map<String, String> properties) {
        return new ConnectionProfile(Objects.requireNonNull(properties, "properties"));
    }

    /**
     * Reads a properties file; relative paths in it stay as written.
     *
     * @throws UncheckedIOException when the file cannot be read
     * @throws RenamedProfileKeyException when a key in it was renamed
     */
    public static ConnectionProfile load(Path file) {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read connection profile " + file, e);
        }
        Map<String, String> map = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k).strip()));
        return new ConnectionProfile(map);
    }

    /**
     * The profile in the environment: the file {@code FEDLEDGER_PROFILE} names, if set, with each
     * {@code FEDLEDGER_SOME_KEY} variable setting {@code someKey} over it.
     *
     * <pre>{@code
     * // FEDLEDGER_PROFILE=org1.properties FEDLEDGER_USER=User3
     * ConnectionProfile profile = ConnectionProfile.fromEnvironment();
     * }</pre>
     *
     * @throws UncheckedIOException when the named file cannot be read
     * @throws RenamedProfileKeyException when a key in the file or a variable was renamed
     */
    public static ConnectionProfile fromEnvironment() {
        return fromEnvironment(null, System.getenv());
    }

    /**
     * The profile of {@code file} with the {@code FEDLEDGER_*} variables over it: the same rule as
     * {@link #fromEnvironment()}, with {@code file} in place of {@code FEDLEDGER_PROFILE}'s (which is
     * then ignored). This is what {@code fedledger --profile FILE} reads.
     *
     * <pre>{@code
     * // FEDLEDGER_USER=Admin
     * ConnectionProfile admin = ConnectionProfile.fromEnvironment(Path.of("org1.properties"));
     * }</pre>
     *
     * @param file the profile file
     * @throws UncheckedIOException when the file cannot be read
     * @throws RenamedProfileKeyException when a key in the file or a variable was renamed
     */
    public static ConnectionProfile fromEnvironment(Path file) {
        return fromEnvironment(Objects.requireNonNull(file, "file"), System.getenv());
    }

    /** The rule itself: {@code file}, else {@code FEDLEDGER_PROFILE}'s, then the variables over it. */
    static ConnectionProfile fromEnvironment(Path file, Map<String, String> env) {
        Map<String, String> map = new TreeMap<>();
        String named = env.get(ENVIRONMENT_PREFIX + "PROFILE");
        if (file != null) {
            map.putAll(load(file).properties);
        } else if (named != null && !named.isBlank()) {
            map.putAll(load(Path.of(named.strip())).properties);
        }
        env.forEach((name, value) -> {
            if (name.startsWith(ENVIRONMENT_PREFIX) && !name.equals(ENVIRONMENT_PREFIX + "PROFILE")) {
                map.put(camelCase(name.substring(ENVIRONMENT_PREFIX.length())), value.strip());
            }
        });
        return new ConnectionProfile(map);
    }

    private static void refuseRenamed(String key) {
        String replacement = RENAMED.get(key);
        if (replacement != null) {
            throw new RenamedProfileKeyException(key, replacement, environmentVariable(replacement));
        }
    }

    private static String environmentVariable(String key) {
        return ENVIRONMENT_PREFIX + key.replaceAll("([A-Z])", "_$1").toUpperCase(Locale.ROOT);
    }

    private static String camelCase(String upperSnake) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : upperSnake.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    /**
     * @return this profile with {@code key} set to {@code value}
     * @throws RenamedProfileKeyException when {@code key} was renamed
     */
    public ConnectionProfile with(String key, String value) {
        Map<String, String> map = new TreeMap<>(properties);
        map.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new ConnectionProfile(map);
    }

    /** @return the ledger kind: {@code fabric} unless {@code ledger} says otherwise */
    public String ledger() {
        return get("ledger").orElse("fabric");
    }

    /** @return the value of {@code key}, if set and not blank */
    public Optional<String> get(String key) {
        return Optional.ofNullable(properties.get(key)).filter(v -> !v.isBlank());
    }

    /**
     * @return the value of {@code key}
     * @throws IllegalArgumentException naming the key when it is missing
     */
    public String require(String key) {
        return get(key).orElseThrow(() -> new IllegalArgumentException("the connection profile has no '" + key
                + "' (set it in the profile file or as " + environmentVariable(key) + ")"));
    }

    /** @return every property */
    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public String toString() {
        return "ConnectionProfile" + properties.keySet();
    }
}
