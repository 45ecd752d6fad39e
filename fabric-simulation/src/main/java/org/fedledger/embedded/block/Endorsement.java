package org.fedledger.embedded.block;

import java.util.Arrays;
import java.util.Objects;

/**
 * One organisation's endorsement: its peer's certificate and the peer's signature over the
 * proposal result it computed.
 *
 * <pre>{@code
 * byte[] signed = FabricFormat.endorsementMessage(responsePayload, e.mspId(), e.endorserPem());
 * }</pre>
 *
 * @param mspId the endorsing organisation
 * @param endorserPem its peer's certificate, PEM
 * @param signature the peer's signature over {@link FabricFormat#endorsementMessage}
 */
public record Endorsement(String mspId, String endorserPem, byte[] signature) {
    /** Checks the parts and copies the signature. */
    public Endorsement {
        Objects.requireNonNull(mspId, "mspId");
        Objects.requireNonNull(endorserPem, "endorserPem");
        signature = Objects.requireNonNull(signature, "signature").clone();
    }

    /** @return a copy of the signature */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Endorsement e && e.mspId.equals(mspId) && e.endorserPem.equals(endorserPem)
                && Arrays.equals(e.signature, signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mspId, endorserPem, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "Endorsement[mspId=" + mspId + "]";
    }
}
