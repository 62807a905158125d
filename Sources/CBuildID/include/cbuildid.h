// The GNU build ID of the loaded object (program or shared library) that holds Precis's
// code, for cache keys: the linker derives it from every byte of the output, so any change
// of code or embedded data gives a new one. Plain C types only, like cicu.h.
#ifndef CBUILDID_H
#define CBUILDID_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Finds the loaded object whose segments hold this function.
///
/// Copies its NT_GNU_BUILD_ID bytes to `id` (at most `capacity`) and its file name as the
/// dynamic loader knows it to `name` (NUL-terminated, at most `name_capacity` bytes with the
/// NUL; empty for the main program). Returns the build ID's length (which may exceed
/// `capacity`), 0 when the object has none, or -1 when no loaded object holds this code.
int32_t cbuildid_find(uint8_t *id, int32_t capacity, char *name, int32_t name_capacity);

#ifdef __cplusplus
}
#endif

#endif
