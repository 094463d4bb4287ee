/*
 * Seals one chunk of a stored file with AES-256-GCM (NIST SP 800-38D) in place, through the
 * OpenSSL that Node itself carries.
 *
 * Why this exists: node:crypto's Cipher.update cannot write into a buffer the caller owns. Every
 * 1 MiB chunk therefore costs two fresh allocations and a copy, and V8 runs a full collection of
 * the server's heap for every ~64 MB of such buffers. In a process with a server's heap that
 * took the encryption of uploads to about a quarter of OpenSSL's own speed (bench/
 * filesEncrypt.bench.ts). Here the caller's buffer is encrypted where it lies, so an upload
 * reuses one buffer from its first chunk to its last and allocates nothing per chunk.
 *
 * No OpenSSL headers are needed to build it: the few EVP functions are declared below with their
 * public OpenSSL 3 signatures, and resolved when Node loads the module from the OpenSSL symbols
 * the node binary exports (or, on a Node linked to the system's libcrypto, from that library).
 * The file format, the nonces and the AAD are decided in fileCipher.ts, not here.
 */
#include <limits.h>
#include <node_api.h>
#include <stddef.h>

typedef struct evp_cipher_ctx_st EVP_CIPHER_CTX;
typedef struct evp_cipher_st EVP_CIPHER;
typedef struct engine_st ENGINE;

EVP_CIPHER_CTX *EVP_CIPHER_CTX_new(void);
void EVP_CIPHER_CTX_free(EVP_CIPHER_CTX *ctx);
const EVP_CIPHER *EVP_aes_256_gcm(void);
int EVP_EncryptInit_ex(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *type, ENGINE *impl,
                       const unsigned char *key, const unsigned char *iv);
int EVP_EncryptUpdate(EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl, const unsigned char *in,
                      int inl);
int EVP_EncryptFinal_ex(EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl);
int EVP_CIPHER_CTX_ctrl(EVP_CIPHER_CTX *ctx, int type, int arg, void *ptr);
void ERR_clear_error(void);

/* openssl/evp.h: EVP_CTRL_AEAD_GET_TAG (= EVP_CTRL_GCM_GET_TAG). */
#define CTRL_GET_TAG 0x10
#define KEY_BYTES 32
#define NONCE_BYTES 12
#define TAG_BYTES 16

static int buffer_of(napi_env env, napi_value value, unsigned char **data, size_t *length) {
  bool is_buffer = false;
  if (napi_is_buffer(env, value, &is_buffer) != napi_ok || !is_buffer) return 0;
  return napi_get_buffer_info(env, value, (void **)data, length) == napi_ok;
}

static napi_value fail(napi_env env, const char *message) {
  napi_throw_error(env, "ERR_FILE_SEAL", message);
  return NULL;
}

/*
 * sealInPlace(key, nonce, aad, data, length, tag): encrypts data[0, length) in place under
 * key (32 bytes) and nonce (12 bytes) with aad authenticated, and writes the 16-byte tag into tag.
 * Throws on arguments of the wrong kind or size, or if OpenSSL refuses.
 */
static napi_value seal_in_place(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 6) {
    return fail(env, "sealInPlace takes six arguments");
  }
  unsigned char *key, *nonce, *aad, *data, *tag;
  size_t key_length, nonce_length, aad_length, data_length, tag_length;
  int64_t length = 0;
  if (!buffer_of(env, argv[0], &key, &key_length) || key_length != KEY_BYTES) {
    return fail(env, "the key must be a 32-byte Buffer");
  }
  if (!buffer_of(env, argv[1], &nonce, &nonce_length) || nonce_length != NONCE_BYTES) {
    return fail(env, "the nonce must be a 12-byte Buffer");
  }
  if (!buffer_of(env, argv[2], &aad, &aad_length) || aad_length > INT_MAX) {
    return fail(env, "the AAD must be a Buffer");
  }
  if (!buffer_of(env, argv[3], &data, &data_length)) {
    return fail(env, "the data must be a Buffer");
  }
  if (napi_get_value_int64(env, argv[4], &length) != napi_ok || length < 0 ||
      (uint64_t)length > data_length || length > INT_MAX) {
    return fail(env, "the length must be within the data");
  }
  if (!buffer_of(env, argv[5], &tag, &tag_length) || tag_length != TAG_BYTES) {
    return fail(env, "the tag must be a 16-byte Buffer");
  }
  if (length > 0 && tag < data + length && data < tag + TAG_BYTES) {
    return fail(env, "the tag must not overlap the data");
  }

  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
  if (ctx == NULL) return fail(env, "OpenSSL could not make a cipher context");
  int written = 0;
  /*
   * GCM is a stream mode: OpenSSL allows the output to be the input itself. An empty chunk (an
   * empty file's only one) has no data update: its Buffer may have no memory at all, and a NULL
   * output would mean "more AAD" to OpenSSL.
   */
  int ok = EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, nonce) == 1 &&
           (aad_length == 0 || EVP_EncryptUpdate(ctx, NULL, &written, aad, (int)aad_length) == 1) &&
           (length == 0 || (EVP_EncryptUpdate(ctx, data, &written, data, (int)length) == 1 &&
                            written == (int)length)) &&
           EVP_EncryptFinal_ex(ctx, tag, &written) == 1 && written == 0 &&
           EVP_CIPHER_CTX_ctrl(ctx, CTRL_GET_TAG, TAG_BYTES, tag) == 1;
  EVP_CIPHER_CTX_free(ctx);
  if (!ok) {
    /* Node's own crypto reads OpenSSL's error queue: leave nothing of ours in it. */
    ERR_clear_error();
    return fail(env, "OpenSSL refused to seal the chunk");
  }
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_value seal;
  if (napi_create_function(env, "sealInPlace", NAPI_AUTO_LENGTH, seal_in_place, NULL, &seal) !=
          napi_ok ||
      napi_set_named_property(env, exports, "sealInPlace", seal) != napi_ok) {
    return NULL;
  }
  return exports;
}
