//! Zip containers: the site's zip and the EPUB. Each file is compressed on its own, in
//! whichever thread has it in hand (a page in the thread that rendered it), into an [`Entry`];
//! one [`Archive`] then writes the entries in order. Compressing thus runs beside rendering on
//! every core, and the same files give the same container.
//!
//! Deflate is libdeflate's quickest level, with one compressor kept per thread (a compressor
//! made for each of thousands of small files cost more than compressing them). On the
//! 6,000-chapter site's HTML (184 MB) it makes 47 MB in 0.46 s of one core, where zlib-rs's
//! level 2, used before, made 49 MB in 0.80 s. A file too large to hold is compressed as it
//! is read ([`Archive::add_reader`]), by zlib-rs, which streams.

use std::cell::RefCell;
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::Path;

use libdeflater::{CompressionLvl, Compressor};
use rawzip::time::UtcDateTime;
use rawzip::{CompressionMethod, DataDescriptorOutput, ZipArchiveWriter};

/// Files whose contents are compressed already: stored as they are, not deflated again.
const COMPRESSED: [&str; 13] =
    ["png", "jpg", "jpeg", "gif", "webp", "zip", "gz", "mp3", "mp4", "m4a", "webm", "epub", "pdf"];

/// Every entry's date: 1980-01-01, the first a zip can hold, so that the same site gives the
/// same zip whenever it is built (the EPUB's date is in its package, not its entries).
const ENTRY_DATE_UNIX: i64 = 315_532_800;

/// Every entry is readable by everyone who unpacks it, whatever the machine that built it.
const ENTRY_PERMISSIONS: u32 = 0o644;

/// libdeflate's quickest level that compresses (0 stores).
const LEVEL: i32 = 1;

/// Compressing a file whole holds it twice in a thread (its bytes and libdeflate's output):
/// from this size on, a file is compressed as it is read instead.
const WHOLE_BYTES: u64 = 1024 * 1024;

/// zlib-rs's level for a file compressed as it is read (a print file of a large module): level
/// 2 makes a tenth less than level 1 in half the time of the default.
const STREAM_LEVEL: u32 = 2;

thread_local! {
    /// The thread's compressor, made at its first file and kept for the next ones.
    static COMPRESSOR: RefCell<Option<Compressor>> = const { RefCell::new(None) };
}

/// A file of a container, compressed (or stored) and ready to be written.
pub(super) struct Entry {
    name: String,
    deflated: bool,
    crc: u32,
    size: u64,
    data: Vec<u8>,
}

impl Entry {
    /// `bytes` as the file `name`: deflated, unless its type is compressed already (a picture,
    /// a video) or deflate would not make it smaller.
    pub(super) fn new(name: String, bytes: &[u8]) -> Entry {
        let deflated = if is_compressed(&name) { None } else { deflate(bytes).filter(|data| data.len() < bytes.len()) };
        let (crc, size) = (libdeflater::crc32(bytes), bytes.len() as u64);
        match deflated {
            Some(data) => Entry { name, deflated: true, crc, size, data },
            None => Entry { name, deflated: false, crc, size, data: bytes.to_vec() },
        }
    }

    /// `bytes` as the file `name`, stored as they are (an EPUB's `mimetype`, which readers
    /// look for uncompressed at the start of the file).
    pub(super) fn stored(name: String, bytes: &[u8]) -> Entry {
        Entry { name, deflated: false, crc: libdeflater::crc32(bytes), size: bytes.len() as u64, data: bytes.to_vec() }
    }

    /// The file at `path` as the file `name`: read whole and compressed as [`Entry::new`] when
    /// it is under [`WHOLE_BYTES`]; a larger one (a print file of a large module) compressed
    /// as it is read, so that only what it compresses to is held (stored, by its type, it is
    /// held whole).
    pub(super) fn read(name: String, path: &Path) -> io::Result<Entry> {
        let mut file = File::open(path)?;
        let size = file.metadata()?.len();
        if size < WHOLE_BYTES {
            let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
            file.read_to_end(&mut bytes)?;
            return Ok(Entry::new(name, &bytes));
        }
        if is_compressed(&name) {
            let mut data = Vec::new();
            file.read_to_end(&mut data)?;
            return Ok(Entry { name, deflated: false, crc: libdeflater::crc32(&data), size: data.len() as u64, data });
        }
        let encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::new(STREAM_LEVEL));
        let mut writer = flate2::CrcWriter::new(encoder);
        io::copy(&mut file, &mut writer)?;
        let (crc, size) = (writer.crc().sum(), u64::from(writer.crc().amount()));
        let data = writer.into_inner().finish()?;
        Ok(Entry { name, deflated: true, crc, size, data })
    }

    /// The file's path in the container.
    pub(super) fn name(&self) -> &str {
        &self.name
    }
}

/// Whether `name` is of a type whose contents are compressed already.
fn is_compressed(name: &str) -> bool {
    let extension = name.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default();
    COMPRESSED.contains(&extension.as_str())
}

/// `bytes` deflated by the thread's compressor; `None` if libdeflate fails (it only fails
/// when its output does not fit, which [`Compressor::deflate_compress_bound`] rules out).
fn deflate(bytes: &[u8]) -> Option<Vec<u8>> {
    COMPRESSOR.with(|cell| {
        let mut cell = cell.borrow_mut();
        let compressor = cell.get_or_insert_with(|| Compressor::new(CompressionLvl::new(LEVEL).unwrap_or_default()));
        let mut out = vec![0; compressor.deflate_compress_bound(bytes.len())];
        let written = compressor.deflate_compress(bytes, &mut out).ok()?;
        out.truncate(written);
        out.shrink_to_fit();
        Some(out)
    })
}

/// A zip container being written: entries in the order they are added.
pub(super) struct Archive<W: Write> {
    zip: ZipArchiveWriter<W>,
}

impl<W: Write> Archive<W> {
    /// Starts a container in `writer`.
    pub(super) fn new(writer: W) -> Archive<W> {
        Archive { zip: ZipArchiveWriter::new(writer) }
    }

    /// Adds a prepared entry.
    pub(super) fn add(&mut self, entry: &Entry) -> io::Result<()> {
        let method = if entry.deflated { CompressionMethod::DEFLATE } else { CompressionMethod::STORE };
        let (mut writer, _) = self.start(&entry.name, method)?;
        writer.write_all(&entry.data)?;
        writer.finish(DataDescriptorOutput::new(entry.crc, entry.size)).map_err(io::Error::other)?;
        Ok(())
    }

    /// Adds the file `name` from `reader`, compressed (or stored, by its type) as it is read:
    /// for a file too large to hold in memory.
    pub(super) fn add_reader(&mut self, name: &str, mut reader: impl Read) -> io::Result<()> {
        if is_compressed(name) {
            let (mut entry, config) = self.start(name, CompressionMethod::STORE)?;
            let mut data = config.wrap(&mut entry);
            io::copy(&mut reader, &mut data)?;
            let (_, descriptor) = data.finish().map_err(io::Error::other)?;
            entry.finish(descriptor).map_err(io::Error::other)?;
        } else {
            let (mut entry, config) = self.start(name, CompressionMethod::DEFLATE)?;
            let encoder = flate2::write::DeflateEncoder::new(&mut entry, flate2::Compression::new(STREAM_LEVEL));
            let mut data = config.wrap(encoder);
            io::copy(&mut reader, &mut data)?;
            let (encoder, descriptor) = data.finish().map_err(io::Error::other)?;
            encoder.finish()?;
            entry.finish(descriptor).map_err(io::Error::other)?;
        }
        Ok(())
    }

    fn start(
        &mut self,
        name: &str,
        method: CompressionMethod,
    ) -> io::Result<(rawzip::ZipEntryWriter<'_, W>, rawzip::ZipDataWriterConfig)> {
        self.zip
            .new_file(name)
            .compression_method(method)
            .last_modified(UtcDateTime::from_unix(ENTRY_DATE_UNIX))
            .unix_permissions(ENTRY_PERMISSIONS)
            .start()
            .map_err(io::Error::other)
    }

    /// Writes the container's directory; returns the writer, for the file to be finished.
    pub(super) fn finish(self) -> io::Result<W> {
        self.zip.finish().map_err(io::Error::other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_deflated_pictures_and_incompressible_bytes_stored() {
        let page = "<p>客户服务</p>\n".repeat(200);
        assert!(Entry::new("a.html".into(), page.as_bytes()).deflated);
        assert!(!Entry::new("photo.JPG".into(), page.as_bytes()).deflated, "a picture is compressed already");
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let noise: Vec<u8> = (0..4096)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 32) as u8
            })
            .collect();
        let entry = Entry::new("noise.bin".into(), &noise);
        assert!(!entry.deflated, "deflate would not make it smaller");
        assert_eq!(entry.data, noise);
        assert_eq!(entry.crc, libdeflater::crc32(&noise));
    }
}
