/**
 * Secure aggregation's cryptography (docs/privacy.md section 2): trainers' X25519 key pairs
 * ({@link MaskingKeys}), Shamir secret sharing over GF(2^8) ({@link SecretSharing}), and one round's
 * masking, share encryption and unmasking ({@link SecureRound}, the entry point). Pure functions of
 * their inputs and the JDK's providers; randomness only where a caller passes a {@code SecureRandom}.
 */
package org.fedledger.core.secure;
