package org.fedledger.audit.chain;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The few DER encodings a Fabric block header hash needs, written out here so the audit relies on the JDK only. */
final class Der {
    private Der() {
    }

    /** @return Fabric's block header hash: SHA-256 of DER SEQUENCE { INTEGER number, OCTET STRING previous, OCTET STRING data } */
    static byte[] headerHash(long number, byte[] previousHash, byte[] dataHash) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        tlv(body, 0x02, BigInteger.valueOf(number).toByteArray());
        tlv(body, 0x04, previousHash);
        tlv(body, 0x04, dataHash);
        ByteArrayOutputStream seq = new ByteArrayOutputStream();
        tlv(seq, 0x30, body.toByteArray());
        return sha256(seq.toByteArray());
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                d.update(p);
            }
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    private static void tlv(ByteArrayOutputStream out, int tag, byte[] value) {
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            byte[] len = BigInteger.valueOf(n).toByteArray();
            int skip = len[0] == 0 ? 1 : 0;
            out.write(0x80 | (len.length - skip));
            out.write(len, skip, len.length - skip);
        }
        out.write(value, 0, value.length);
    }
}
