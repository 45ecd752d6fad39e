/**
 * Models, their schema, their canonical byte encoding and content hashes.
 *
 * <p>Entry point: {@link org.fedledger.core.model.ModelCodec}, which turns a
 * {@link org.fedledger.core.model.Model} (named {@link org.fedledger.core.model.Tensor}s) into the
 * canonical bytes that are stored and hashed, and reads them back strictly. A
 * {@link org.fedledger.core.model.ContentHash} is the SHA-256 of those bytes; every refusal is a
 * {@link org.fedledger.core.model.ModelFormatException} with a stable
 * {@link org.fedledger.core.model.FormatError} code.
 *
 * <pre>{@code
 * Model model = Model.of(List.of(Tensor.of("dense/bias", new int[] {2}, new float[] {0.5f, -0.25f})));
 * byte[] bytes = ModelCodec.encode(model);
 * ContentHash hash = ContentHash.of(bytes);
 * Model back = ModelCodec.decode(bytes);
 * }</pre>
 */
package org.fedledger.core.model;
