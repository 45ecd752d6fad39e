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
 * names the kind ({@code fabric}, the default, or {@code embedded}); the other keys are the kind's.
 * For {@code fabric}: {@code mspId}, {@code peerEndpoint} (host:port of the organisation's peer
 * gateway), {@code tlsCaCertificate}, {@code channel}, {@code chaincode}, and the identity as either
 * {@code certificate} + {@code privateKey} (PEM files), {@code mspDirectory} (an MSP folder as
 * cryptogen and Fabric CA write it: {@code signcerts/}, {@code keystore/}), or {@code user} with
 * {@code usersDirectory} and {@code domain} (cryptogen's users folder, as
 * {@code test-network/network.sh up} writes in {@code connection/org<i>.properties}).
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

    private ConnectionProfile(Map<String, String> properties) {
        this.properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /** A profile of exactly these properties. */
    public static ConnectionProfile of(Map<String, String> properties) {
        return new ConnectionProfile(Objects.requireNonNull(properties, "properties"));
    }

    /**
     * Reads a properties file; relative paths in it stay as written.
     *
     * @throws UncheckedIOException when the file cannot be read
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
     * The profile in the environment: {@code FEDLEDGER_PROFILE} names a file to start from, and each
     * {@code FEDLEDGER_SOME_KEY} sets {@code someKey} over it.
     */
    public static ConnectionProfile fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static ConnectionProfile fromEnvironment(Map<String, String> env) {
        Map<String, String> map = new TreeMap<>();
        String file = env.get(ENVIRONMENT_PREFIX + "PROFILE");
        if (file != null && !file.isBlank()) {
            map.putAll(load(Path.of(file)).properties);
        }
        env.forEach((name, value) -> {
            if (name.startsWith(ENVIRONMENT_PREFIX) && !name.equals(ENVIRONMENT_PREFIX + "PROFILE")) {
                map.put(camelCase(name.substring(ENVIRONMENT_PREFIX.length())), value.strip());
            }
        });
        return new ConnectionProfile(map);
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

    /** @return this profile with {@code key} set to {@code value} */
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
                + "' (set it in the profile file or as " + ENVIRONMENT_PREFIX + key.replaceAll("([A-Z])", "_$1")
                        .toUpperCase(Locale.ROOT) + ")"));
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
