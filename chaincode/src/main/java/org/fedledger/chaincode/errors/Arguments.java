package org.fedledger.chaincode.errors;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.ModelFormatException;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.record.RecordFormatException;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.transaction.PayloadBatch;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.protocol.transaction.TransportLimits;

/**
 * Strict parsing of transaction arguments, which always arrive as strings. Every failure is an
 * {@link ErrorCode#INVALID_ARGUMENT} (or {@link ErrorCode#MALFORMED_HASH}) naming the argument.
 *
 * <pre>{@code
 * int round = Arguments.integer("round", "3", 1, Integer.MAX_VALUE);
 * }</pre>
 */
public final class Arguments {
    /** Task ids: 1 to 64 characters of {@code [A-Za-z0-9_-]}. */
    public static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** MSP ids: 1 to 64 characters of {@code [A-Za-z0-9._-]}. */
    public static final Pattern MSP_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,18}");
    private static final int MAX_TEXT = 4096;

    private Arguments() {
    }

    /**
     * Refuses a transaction with an argument longer than {@link TransportLimits#MAX_ARGUMENT_BYTES},
     * before any argument is parsed: a 30 MB manifest costs the peer its size, not a JSON parse.
     *
     * <pre>{@code
     * Arguments.requireWithinSize(stub.getArgs()); // function name first, then the arguments
     * }</pre>
     *
     * @param args the transaction's function name and arguments, as the shim hands them over
     * @throws FedLedgerException {@link ErrorCode#ARGUMENT_TOO_LARGE} naming the first argument too long
     */
    public static void requireWithinSize(List<byte[]> args) {
        for (int i = 0; i < args.size(); i++) {
            byte[] arg = args.get(i);
            if (arg != null && arg.length > TransportLimits.MAX_ARGUMENT_BYTES) {
                String name = argumentName(args, i);
                throw new FedLedgerException(ErrorCode.ARGUMENT_TOO_LARGE, name, name + " has " + arg.length
                        + " bytes; no argument may exceed " + TransportLimits.MAX_ARGUMENT_BYTES
                        + " bytes (TransportLimits.MAX_ARGUMENT_BYTES)");
            }
        }
    }

    /** The protocol's name of argument {@code i} (0 is the function name), or its position. */
    private static String argumentName(List<byte[]> args, int i) {
        if (i == 0) {
            return "the transaction name";
        }
        byte[] function = args.get(0);
        if (function != null && function.length <= 64) {
            String name = new String(function, StandardCharsets.UTF_8);
            name = name.substring(name.indexOf(':') + 1);
            for (TransactionName tx : TransactionName.values()) {
                if (tx.wireName().equals(name) && i - 1 < tx.arguments().size()) {
                    return tx.arguments().get(i - 1);
                }
            }
        }
        return "argument " + i;
    }

    /**
     * @param name the argument's name, for the message
     * @param value the argument as the client sent it
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return {@code value} as a long in {@code [min, max]}
     * @throws FedLedgerException {@link ErrorCode#INVALID_ARGUMENT} for anything but plain decimal
     *     digits without sign or leading zeros, overflow, or a value out of range
     */
    public static long number(String name, String value, long min, long max) {
        if (value == null || !DECIMAL.matcher(value).matches()) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, name, name
                    + " must be a whole number written in decimal digits, was "
                    + shown(value));
        }
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException overflow) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, name, name + " is too large: " + shown(value));
        }
        if (parsed < min || parsed > max) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, name, name + " must be between " + min + " and "
                    + max + ", was " + parsed);
        }
        return parsed;
    }

    /**
     * @param name the argument's name, for the message
     * @param value the argument as the client sent it
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return {@code value} as an int in {@code [min, max]}; see {@link #number}
     */
    public static int integer(String name, String value, int min, int max) {
        return (int) number(name, value, min, max);
    }

    /**
     * @param value the argument as the client sent it
     * @return the task id
     * @throws FedLedgerException {@link ErrorCode#INVALID_ARGUMENT} unless 1-64 characters of {@code [A-Za-z0-9_-]}
     */
    public static String taskId(String value) {
        return matching("taskId", value, TASK_ID, "1-64 characters of A-Z a-z 0-9 _ -");
    }

    /**
     * @param name the argument's name, for the message
     * @param value the argument as the client sent it
     * @return the MSP id
     * @throws FedLedgerException {@link ErrorCode#INVALID_ARGUMENT} unless 1-64 characters of {@code [A-Za-z0-9._-]}
     */
    public static String mspId(String name, String value) {
        return matching(name, value, MSP_ID, "an MSP id of 1-64 characters of A-Z a-z 0-9 . _ -");
    }

    /**
     * Free text used as a key attribute (identity ids): non-empty, at most 4096 characters, no control
     * characters (composite keys reserve U+0000) and no U+10FFFF.
     *
     * @param name the argument's name, for the message
     * @param value the argument as the client sent it
     * @return the parsed value
     * @throws FedLedgerException {@link ErrorCode#INVALID_ARGUMENT} otherwise
     */
    public static String text(String name, String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_TEXT) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, name, name + " must be 1-" + MAX_TEXT
                    + " characters, was " + shown(value));
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, name, name
                        + " contains a control or surrogate character at index " + i);
            }
        }
        return value;
    }

    /**
     * @param name the argument's name, for the message
     * @param value the argument as the client sent it
     * @return the hash
     * @throws FedLedgerException {@link ErrorCode#MALFORMED_HASH} unless 64 lowercase hex characters
     */
    public static ContentHash hash(String name, String value) {
        try {
            return ContentHash.parse(value);
        } catch (ModelFormatException e) {
            throw new FedLedgerException(ErrorCode.MALFORMED_HASH, name, name + " " + shown(value)
                    + " must be a SHA-256 digest as 64 lowercase hexadecimal characters");
        }
    }

    private static String matching(String name, String value, Pattern pattern, String rule) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, name, name + " must be " + rule + ", was "
                    + shown(value));
        }
        return value;
    }

    /**
     * @param value the argument as the client sent it
     * @return the value quoted and cut to 80 characters, for messages
     */
    public static String shown(String value) {
        if (value == null) {
            return "nothing";
        }
        StringBuilder out = new StringBuilder("'");
        int end = Math.min(value.length(), 80);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.append(value.length() > 80 ? "...'" : "'").toString();
    }

    /**
     * @param name the argument's name, for the message and the field path
     * @param json the argument as the client sent it
     * @param type the record type it holds
     * @param <T> the record type
     * @return the record, read with the protocol's strict codec
     * @throws FedLedgerException {@link ErrorCode#INVALID_ARGUMENT} naming the field, when missing or malformed
     */
    public static <T extends Record> T record(String name, String json, Class<T> type) {
        if (json == null) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, name, name + " is missing");
        }
        try {
            return RecordJson.read(json, type);
        } catch (RecordFormatException e) {
            String field = name + e.path().substring(1);
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, field, field + ": " + e.problem());
        }
    }

    /**
     * @param name the argument's name, for the message
     * @param json the argument as the client sent it: {@link PayloadBatch#idsArgument}
     * @return the identity ids, in order, each a valid {@link #text}
     * @throws FedLedgerException {@link ErrorCode#INVALID_ARGUMENT} unless a JSON array of 1 to
     *     {@link PayloadBatch#MAX_IDS} distinct ids
     */
    public static List<String> ids(String name, String json) {
        if (json == null) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, name, name + " is missing");
        }
        List<String> ids;
        try {
            ids = PayloadBatch.parseIds(json);
        } catch (IllegalArgumentException e) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, name, name + " " + e.getMessage());
        }
        for (int i = 0; i < ids.size(); i++) {
            text(name + "[" + i + "]", ids.get(i));
        }
        return ids;
    }
}
