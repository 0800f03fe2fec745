package io.jfairing.metadata;

/**
 * The write conflicts with what is stored, for example a param logged again with a different value (params are
 * write-once). Nothing of the request was written. HTTP 409.
 */
public class ConflictException extends MetadataException {
  private static final long serialVersionUID = 1L;

  public static final String PARAM_CONFLICT = "PARAM_CONFLICT";
  public static final String ALREADY_EXISTS = "ALREADY_EXISTS";

  public ConflictException(String code, String message) {
    super(code, 409, message, null);
  }
}
