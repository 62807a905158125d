// Implementation of cbuildid.h over dl_iterate_phdr. See the header for the contract.
#define _GNU_SOURCE
#include "cbuildid.h"

#include <elf.h>
#include <link.h>
#include <string.h>

struct search {
  uintptr_t address;
  const uint8_t *id;
  int32_t length;
  const char *name;
  int found;
};

/// Whether one of the object's loaded segments spans `address`.
static int holds(const struct dl_phdr_info *info, uintptr_t address) {
  for (ElfW(Half) i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *p = &info->dlpi_phdr[i];
    uintptr_t start = info->dlpi_addr + p->p_vaddr;
    if (p->p_type == PT_LOAD && address >= start && address - start < p->p_memsz) return 1;
  }
  return 0;
}

/// The build ID note in one PT_NOTE segment, walking notes at the segment's alignment
/// (4, or 8 for the GNU property notes some linkers put in the same segment).
static void find_note(const struct dl_phdr_info *info, const ElfW(Phdr) *p, struct search *s) {
  uintptr_t align = p->p_align == 8 ? 8 : 4;
  const uint8_t *at = (const uint8_t *)(info->dlpi_addr + p->p_vaddr);
  const uint8_t *end = at + p->p_memsz;
  while ((uintptr_t)(end - at) >= sizeof(ElfW(Nhdr))) {
    const ElfW(Nhdr) *note = (const ElfW(Nhdr) *)at;
    uintptr_t name_size = (note->n_namesz + align - 1) & ~(align - 1);
    uintptr_t desc_size = (note->n_descsz + align - 1) & ~(align - 1);
    const uint8_t *name = at + sizeof(ElfW(Nhdr));
    if (name_size > (uintptr_t)(end - name) || desc_size > (uintptr_t)(end - name) - name_size) return;
    if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 && memcmp(name, "GNU", 4) == 0) {
      s->id = name + name_size;
      s->length = (int32_t)note->n_descsz;
      return;
    }
    at = name + name_size + desc_size;
  }
}

static int visit(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size;
  struct search *s = data;
  if (!holds(info, s->address)) return 0;
  s->found = 1;
  s->name = info->dlpi_name;
  for (ElfW(Half) i = 0; i < info->dlpi_phnum && s->id == NULL; i++) {
    if (info->dlpi_phdr[i].p_type == PT_NOTE) find_note(info, &info->dlpi_phdr[i], s);
  }
  return 1;
}

int32_t cbuildid_find(uint8_t *id, int32_t capacity, char *name, int32_t name_capacity) {
  struct search s = {(uintptr_t)&cbuildid_find, NULL, 0, NULL, 0};
  dl_iterate_phdr(visit, &s);
  if (name_capacity > 0) {
    name[0] = 0;
    if (s.name != NULL) {
      strncpy(name, s.name, (size_t)name_capacity - 1);
      name[name_capacity - 1] = 0;
    }
  }
  if (!s.found) return -1;
  if (s.id != NULL) memcpy(id, s.id, (size_t)(s.length < capacity ? s.length : capacity));
  return s.length;
}
