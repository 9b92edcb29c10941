//! The site's zip. Each file is compressed on its own, in whichever thread has it in hand (a
//! page in the thread that rendered it), into an [`Entry`]; one [`Archive`] then writes the
//! entries in order. Compressing thus runs beside rendering on every core, and the same files
//! give the same zip.
//!
//! Deflate is libdeflate's quickest level, with one compressor kept per thread (a compressor
//! made for each of thousands of small files cost more than compressing them). On the
//! 6,000-chapter site's HTML (184 MB) it makes 47 MB in 0.46 s of one core, where zlib-rs's
//! level 2, used before, made 49 MB in 0.80 s. A file too large to hold is compressed as it
//! is read ([`Archive::add_reader`]), by zlib-rs, which streams.
//!
//! rawzip writes each entry's sizes after its data. A reader that reads a zip from its start
//! (Java's `ZipInputStream`) finds where deflated data ends, but not where stored data does:
//! so every entry is deflated, a file compressed already (a picture, a video) at level 0,
//! which wraps it in deflate's stored blocks at the cost of a copy. (The EPUB, whose first
//! entry must be stored, is written with the `zip` crate.)

use std::cell::RefCell;
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::Path;

use libdeflater::{CompressionLvl, Compressor};
use rawzip::time::UtcDateTime;
use rawzip::{CompressionMethod, DataDescriptorOutput, ZipArchiveWriter};

/// Files whose contents are compressed already: wrapped at level 0, not compressed again.
const COMPRESSED: [&str; 13] =
    ["png", "jpg", "jpeg", "gif", "webp", "zip", "gz", "mp3", "mp4", "m4a", "webm", "epub", "pdf"];

/// Every entry's date: 1980-01-01, the first a zip can hold, so that the same site gives the
/// same zip whenever it is built.
const ENTRY_DATE_UNIX: i64 = 315_532_800;

/// Every entry is a regular file (the type bits: without them a zip lister shows `?rw-r--r--`)
/// readable by everyone who unpacks it, whatever the machine that built it.
const ENTRY_PERMISSIONS: u32 = 0o100_644;

/// libdeflate's quickest level that compresses, and the level that only wraps (stored blocks).
const LEVEL: i32 = 1;
const WRAP_LEVEL: i32 = 0;

/// Compressing a file whole holds it twice in a thread (its bytes and libdeflate's output):
/// from this size on, a file is compressed as it is read instead.
const WHOLE_BYTES: u64 = 1024 * 1024;

/// zlib-rs's level for a file compressed as it is read (a print file of a large module): level
/// 2 makes a tenth less than level 1 in half the time of the default.
const STREAM_LEVEL: u32 = 2;

thread_local! {
    /// The thread's compressors (at [`LEVEL`] and at [`WRAP_LEVEL`]), made at its first file
    /// and kept for the next ones.
    static COMPRESSORS: RefCell<Option<[Compressor; 2]>> = const { RefCell::new(None) };
    /// The room the thread compresses into, kept from file to file: a zeroed buffer made for
    /// each page cost the allocator a system call (and on two cores each such call stops the
    /// other core to flush its address cache: up to a third of a build's time on a busy host).
    static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// The most room kept for compressing between files; a larger file's room is let go after it.
const SCRATCH_KEPT_BYTES: usize = 256 * 1024;

/// A file of the zip, deflated and ready to be written.
pub(super) struct Entry {
    name: String,
    crc: u32,
    size: u64,
    data: Vec<u8>,
}

impl Entry {
    /// `bytes` as the file `name`, deflated (wrapped, if its type is compressed already).
    pub(super) fn new(name: String, bytes: &[u8]) -> Entry {
        let data = deflate(bytes, is_compressed(&name));
        Entry { name, crc: libdeflater::crc32(bytes), size: bytes.len() as u64, data }
    }

    /// The file at `path` as the file `name`: read whole and deflated as [`Entry::new`] when
    /// it is under [`WHOLE_BYTES`]; a larger one (a print file of a large module) deflated as
    /// it is read, so that only what it compresses to is held.
    pub(super) fn read(name: String, path: &Path) -> io::Result<Entry> {
        let mut file = File::open(path)?;
        let size = file.metadata()?.len();
        if size < WHOLE_BYTES {
            let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
            file.read_to_end(&mut bytes)?;
            return Ok(Entry::new(name, &bytes));
        }
        let encoder = flate2::write::DeflateEncoder::new(Vec::new(), stream_level(&name));
        let mut writer = flate2::CrcWriter::new(encoder);
        io::copy(&mut file, &mut writer)?;
        let (crc, size) = (writer.crc().sum(), u64::from(writer.crc().amount()));
        let data = writer.into_inner().finish()?;
        Ok(Entry { name, crc, size, data })
    }

    /// The file's path in the zip.
    pub(super) fn name(&self) -> &str {
        &self.name
    }

    /// The entry as a zip of its own, for another zip writer to copy in as it is (the EPUB's,
    /// `zip::ZipWriter::raw_copy_file`, which writes the sizes before the data).
    pub(super) fn alone(&self) -> io::Result<Vec<u8>> {
        let mut archive = Archive::new(Vec::with_capacity(self.data.len() + 2 * self.name.len() + 160));
        archive.add(self)?;
        archive.finish()
    }
}

/// Whether `name` is of a type whose contents are compressed already.
fn is_compressed(name: &str) -> bool {
    let extension = name.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default();
    COMPRESSED.contains(&extension.as_str())
}

/// zlib-rs's level for the file `name` compressed as it is read.
fn stream_level(name: &str) -> flate2::Compression {
    if is_compressed(name) {
        flate2::Compression::none()
    } else {
        flate2::Compression::new(STREAM_LEVEL)
    }
}

/// `bytes` deflated by the thread's compressor, or only wrapped in deflate's stored blocks.
fn deflate(bytes: &[u8], wrap: bool) -> Vec<u8> {
    COMPRESSORS.with(|cell| {
        let mut cell = cell.borrow_mut();
        let level = |n| CompressionLvl::new(n).unwrap_or_default();
        let compressors =
            cell.get_or_insert_with(|| [Compressor::new(level(LEVEL)), Compressor::new(level(WRAP_LEVEL))]);
        let compressor = &mut compressors[usize::from(wrap)];
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            // The room holds the bound libdeflate gives, so compressing cannot run out of it.
            let bound = compressor.deflate_compress_bound(bytes.len());
            if scratch.len() < bound {
                scratch.resize(bound, 0);
            }
            let written = compressor.deflate_compress(bytes, &mut scratch[..bound]).unwrap_or(0);
            let out = scratch[..written].to_vec();
            if scratch.len() > SCRATCH_KEPT_BYTES {
                *scratch = Vec::new();
            }
            out
        })
    })
}

/// The zip being written: entries in the order they are added.
pub(super) struct Archive<W: Write> {
    zip: ZipArchiveWriter<W>,
}

impl<W: Write> Archive<W> {
    /// Starts a zip in `writer`.
    pub(super) fn new(writer: W) -> Archive<W> {
        Archive { zip: ZipArchiveWriter::new(writer) }
    }

    /// Adds a prepared entry.
    pub(super) fn add(&mut self, entry: &Entry) -> io::Result<()> {
        let (mut writer, _) = self.start(&entry.name)?;
        writer.write_all(&entry.data)?;
        writer.finish(DataDescriptorOutput::new(entry.crc, entry.size)).map_err(io::Error::other)?;
        Ok(())
    }

    /// Adds the file `name` from `reader`, deflated (or wrapped, by its type) as it is read:
    /// for a file too large to hold in memory.
    pub(super) fn add_reader(&mut self, name: &str, mut reader: impl Read) -> io::Result<()> {
        let (mut entry, config) = self.start(name)?;
        let encoder = flate2::write::DeflateEncoder::new(&mut entry, stream_level(name));
        let mut data = config.wrap(encoder);
        io::copy(&mut reader, &mut data)?;
        let (encoder, descriptor) = data.finish().map_err(io::Error::other)?;
        encoder.finish()?;
        entry.finish(descriptor).map_err(io::Error::other)?;
        Ok(())
    }

    fn start(&mut self, name: &str) -> io::Result<(rawzip::ZipEntryWriter<'_, W>, rawzip::ZipDataWriterConfig)> {
        self.zip
            .new_file(name)
            .compression_method(CompressionMethod::DEFLATE)
            .last_modified(UtcDateTime::from_unix(ENTRY_DATE_UNIX))
            .unix_permissions(ENTRY_PERMISSIONS)
            .start()
            .map_err(io::Error::other)
    }

    /// Writes the zip's directory; returns the writer, for the file to be finished.
    pub(super) fn finish(self) -> io::Result<W> {
        self.zip.finish().map_err(io::Error::other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `data` inflated.
    fn inflated(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::DeflateDecoder::new(data).read_to_end(&mut out).expect("a deflate stream");
        out
    }

    #[test]
    fn text_is_deflated_pictures_wrapped_every_entry_a_deflate_stream() {
        let page = "<p>客户服务</p>\n".repeat(200);
        let entry = Entry::new("a.html".into(), page.as_bytes());
        assert!(entry.data.len() < page.len() / 4, "text shrinks");
        assert_eq!(inflated(&entry.data), page.as_bytes());
        assert_eq!((entry.crc, entry.size), (libdeflater::crc32(page.as_bytes()), page.len() as u64));
        let picture = Entry::new("photo.JPG".into(), page.as_bytes());
        assert!(picture.data.len() > page.len(), "a picture is only wrapped: {}", picture.data.len());
        assert_eq!(inflated(&picture.data), page.as_bytes());
    }
}
