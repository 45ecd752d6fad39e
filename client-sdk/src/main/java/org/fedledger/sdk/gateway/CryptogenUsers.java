package org.fedledger.sdk.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fedledger.sdk.ledger.ConnectionProfile;

/**
 * Members' certificates in a users folder as cryptogen writes it (and {@code test-network/network.sh up}
 * names in its profiles with {@code usersDirectory} and {@code domain}):
 * {@code <usersDirectory>/<user>@<domain>/msp/signcerts/*.pem}.
 */
final class CryptogenUsers {
    private CryptogenUsers() {
    }

    /**
     * @return the signing certificate (PEM) of {@code user} in the profile's users directory
     * @throws IllegalArgumentException when the profile names no users directory, or it holds no such member
     */
    static String certificate(ConnectionProfile profile, String user) {
        if (profile.get("usersDirectory").isEmpty() || profile.get("domain").isEmpty()) {
            throw new IllegalArgumentException("--member needs a profile with usersDirectory and domain (as the"
                    + " local network writes them); pass the member's --certificate instead");
        }
        Path signcerts = Path.of(profile.require("usersDirectory")).resolve(user + "@" + profile.require("domain"))
                .resolve("msp").resolve("signcerts");
        Path file = null;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(signcerts, "*.pem")) {
            for (Path f : files) {
                file = f;
                break;
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("no member " + user + " in " + signcerts.getParent().getParent(), e);
        }
        if (file == null) {
            throw new IllegalArgumentException("no certificate in " + signcerts);
        }
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the certificate " + file + ": " + e.getMessage(), e);
        }
    }
}
