package org.fedledger.chaincode.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** PEM encoding of certificates for the test identities. */
final class Pem {
    private Pem() {
    }

    static String encode(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
