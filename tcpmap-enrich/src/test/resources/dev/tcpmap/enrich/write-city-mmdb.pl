#!/usr/bin/perl
# Writes a GeoLite2-City-shaped database with MaxMind's own writer (Debian's
# libmaxmind-db-writer-perl) for tcpmap's GeoIP tests. Usage: write-city-mmdb.pl OUT.mmdb
use strict;
use warnings;
use utf8;
use MaxMind::DB::Writer::Tree;

my %types = (
    country  => 'map',
    city     => 'map',
    iso_code => 'utf8_string',
    names    => 'map',
    en       => 'utf8_string',
);
my $tree = MaxMind::DB::Writer::Tree->new(
    ip_version            => 6,
    record_size           => 24,
    database_type         => 'GeoLite2-City',
    languages             => ['en'],
    description           => { en => 'tcpmap test ranges' },
    map_key_type_callback => sub { $types{ $_[0] } },
    # The test ranges are documentation and private ranges, which the writer leaves out by default.
    remove_reserved_networks => 0,
);
my $linkoping = { country => { iso_code => 'SE' }, city => { names => { en => 'Linköping' } } };
$tree->insert_network('198.51.100.0/24', $linkoping);
$tree->insert_network('2001:db8:5e::/48', $linkoping);
# A country without a city: the name gets (US).
$tree->insert_network('203.0.113.0/24', { country => { iso_code => 'US' } });
# Private: must never be looked up, so it has a record that would show if it were.
$tree->insert_network('10.0.0.0/8', { country => { iso_code => 'ZZ' }, city => { names => { en => 'Private' } } });
open my $fh, '>:raw', $ARGV[0] or die "cannot write $ARGV[0]: $!";
$tree->write_tree($fh);
close $fh;
