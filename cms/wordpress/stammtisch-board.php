<?php
/**
 * Plugin Name: Stammtisch-Board
 * Description: Zeigt das Stammtisch-Board mit dem Shortcode [stammtisch]. Die Termine stehen schon im HTML der Seite (für Suchmaschinen und Besucher ohne JavaScript); embed.js macht daraus das interaktive Board.
 * Version: 0.1.0
 * License: MIT OR Apache-2.0
 *
 * Usage: define STAMMTISCH_API in wp-config.php, e.g.
 *   define('STAMMTISCH_API', 'https://board.example.com');
 * then write [stammtisch locale="de" kinds="meetup,webinar"] where the board should be.
 */

if (!defined('ABSPATH')) {
    exit;
}

function stammtisch_board_shortcode($attributes) {
    $api = defined('STAMMTISCH_API') ? rtrim(STAMMTISCH_API, '/') : '';
    if ($api === '') {
        return '<p>Stammtisch: STAMMTISCH_API ist nicht gesetzt (wp-config.php).</p>';
    }
    $options = shortcode_atts(
        array('locale' => '', 'kinds' => '', 'tags' => '', 'limit' => '', 'view' => '', 'theme' => ''),
        $attributes,
        'stammtisch'
    );
    $query = http_build_query(array_filter($options, 'strlen'));
    $url = $api . '/include' . ($query === '' ? '' : '?' . $query);
    $key = 'stammtisch_' . md5($url);
    $html = get_transient($key);
    if ($html === false) {
        $answer = wp_remote_get($url, array('timeout' => 5, 'redirection' => 0));
        if (is_wp_error($answer) || wp_remote_retrieve_response_code($answer) !== 200) {
            // Without the server's events the board still loads them in the browser.
            $html = '<stammtisch-board api="' . esc_attr($api) . '"'
                . ($options['locale'] === '' ? '' : ' locale="' . esc_attr($options['locale']) . '"')
                . '></stammtisch-board>';
        } else {
            $html = wp_remote_retrieve_body($answer);
            // Seats change: a minute is as stale as a page may be.
            set_transient($key, $html, 60);
        }
    }
    wp_enqueue_script_module('stammtisch-embed', $api . '/embed.js', array(), null);
    return $html;
}
add_shortcode('stammtisch', 'stammtisch_board_shortcode');
