package io.tlsweep.core.analysis;

import io.tlsweep.core.BadInputException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;

/**
 * The CERTIFICATE blocks of a PEM file, in file order. Text around the blocks (OpenSSL bundles
 * carry subject/issuer lines) is fine, and keys and other blocks are skipped, so a
 * {@code fullchain.pem} or a key+chain file reads as its certificates.
 *
 * <pre>{@code
 * List<X509Certificate> chain = PemCertificates.read(Path.of("fullchain.pem"), "chain file");
 * }</pre>
 */
public final class PemCertificates {

    /** Largest file read: a chain or CA bundle far beyond any real one (the Mozilla bundle is ~220 KB). */
    public static final long MAX_FILE_BYTES = 16L << 20;

    private PemCertificates() {
    }

    /**
     * @param what how the message names the file, e.g. "CA file" or "chain file"
     * @throws BadInputException "cannot read WHAT 'x': why" or "no certificates in WHAT 'x'"
     */
    public static List<X509Certificate> read(Path file, String what) {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try {
            if (Files.isRegularFile(file) && Files.size(file) > MAX_FILE_BYTES) {
                throw new BadInputException("cannot read " + what + " '" + file + "': larger than "
                        + (MAX_FILE_BYTES >> 20) + " MiB");
            }
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                 PEMParser parser = new PEMParser(reader)) {
                for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                    if (object instanceof X509CertificateHolder holder) {
                        certificates.add(converter.getCertificate(holder));
                    }
                }
            }
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new BadInputException("cannot read " + what + " '" + file + "': " + oneLine(e), e);
        }
        if (certificates.isEmpty()) {
            throw new BadInputException("no certificates in " + what + " '" + file + "'");
        }
        return List.copyOf(certificates);
    }

    private static String oneLine(Exception e) {
        // file exceptions carry only the path as message ("cannot read CA file 'x': x"); say why
        if (e instanceof NoSuchFileException) {
            return "No such file";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return "not ASCII text (a PEM file is)"; // the decoder's own message is "Input length = 1"
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }
}
